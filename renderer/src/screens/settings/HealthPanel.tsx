import type { LiveState } from '@shared/contract';
import type { ServiceState } from '@shared/contract/system';
import { Button } from '../../components/Button';
import { useConnection } from '../../layout/connection';

type Tone = 'good' | 'warn' | 'bad' | 'neutral';

const serviceWords: Record<ServiceState, { text: string; tone: Tone }> = {
  ok: { text: 'Connected', tone: 'good' },
  down: { text: 'Not reachable', tone: 'bad' },
  off: { text: 'Not used', tone: 'neutral' },
};

const liveWords: Record<LiveState, { text: string; tone: Tone }> = {
  live: { text: 'Live', tone: 'good' },
  paused: { text: 'Paused', tone: 'warn' },
  local: { text: 'This computer only', tone: 'neutral' },
};

function Row({ label, text, tone }: { label: string; text: string; tone: Tone }) {
  return (
    <div className="health-row">
      <dt>{label}</dt>
      <dd>
        <span className={`dot ${tone}`} aria-hidden="true" />
        {text}
      </dd>
    </div>
  );
}

/** What this desktop is connected to right now, from `system.health`. */
export function HealthPanel() {
  const { health, live, unreachable, refresh } = useConnection();

  return (
    <section className="panel" aria-labelledby="health-title">
      <div className="panel-header">
        <h2 id="health-title">Connection</h2>
        <Button variant="ghost" icon="refresh" onClick={() => void refresh()}>
          Check again
        </Button>
      </div>
      {unreachable && (
        <p className="notice warning" role="status">
          Usher cannot reach its database right now.
        </p>
      )}
      {health ? (
        <dl className="health">
          <Row
            label="Mode"
            text={health.mode === 'local' ? 'On this computer' : 'Team server'}
            tone="neutral"
          />
          <Row label="PostgreSQL" {...serviceWords[health.database]} />
          <Row label="Redis" {...serviceWords[health.redis]} />
          <Row label="Live updates" {...liveWords[live ?? health.live]} />
        </dl>
      ) : (
        !unreachable && <p className="muted">Checking…</p>
      )}
    </section>
  );
}
