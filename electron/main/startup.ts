import type { Envelope } from '@shared/contract';
import type { CallContext } from '../core/handlers';

/** The slices of Electron's `app` and windows that start-up uses; tests pass plain objects. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
}
export interface RevealableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * One Usher per person: a second launch hands over to the first, which brings its window to the
 * front (or opens one), instead of quitting without a word. Returns false in the second process,
 * which must then quit without touching anything: its local database start would stop the
 * first one's server as an orphan.
 */
export function claimSingleInstance(
  app: SingleInstanceApp,
  windows: () => RevealableWindow[],
  openWindow: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const [window] = windows();
    if (!window) return openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}

type Call = (channel: string, input: unknown, ctx: CallContext) => Promise<Envelope<unknown>>;

/**
 * The window opens at once, while the core starts (a first local start takes seconds): calls
 * made meanwhile wait for whatever main serves first, the core or the fallback that explains
 * why it could not start. The renderer shows its starting state until they are answered.
 */
export function createServing() {
  let current: Call | null = null;
  let first: (call: Call) => void = () => {};
  const ready = new Promise<Call>((resolve) => (first = resolve));
  return {
    serve(call: Call) {
      current = call;
      first(call);
    },
    call: async (channel: string, input: unknown, ctx: CallContext) =>
      (current ?? (await ready))(channel, input, ctx),
  };
}
