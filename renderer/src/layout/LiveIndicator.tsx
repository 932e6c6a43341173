import { useConnection } from './connection';

const states = {
  checking: { tone: 'neutral', text: 'Connecting…', detail: 'Checking the connection' },
  offline: { tone: 'bad', text: 'Offline', detail: 'The database cannot be reached' },
  live: { tone: 'good', text: 'Live', detail: 'Changes from other desktops appear at once' },
  paused: {
    tone: 'warn',
    text: 'Live updates paused',
    detail: 'Redis is not reachable; changes appear when you reopen a screen',
  },
  local: { tone: 'good', text: 'Online', detail: 'Working on this computer' },
} as const;

/** Online / offline and whether other desktops' changes arrive live. */
export function LiveIndicator() {
  const { live, unreachable, health } = useConnection();
  const key =
    unreachable || health?.database === 'down' ? 'offline' : live === null ? 'checking' : live;
  const state = states[key];
  return (
    <div className={`live-indicator ${state.tone}`} role="status" title={state.detail}>
      <span className="dot" aria-hidden="true" />
      <span>{state.text}</span>
    </div>
  );
}
