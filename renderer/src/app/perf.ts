// Performance marks for the figures the README reports: how long a screen takes from being
// asked for to showing its data, and a search from keystroke to results on screen. Visible in
// the DevTools performance panel too; the end-to-end run reads them back.

export type Measure = 'events-first-paint' | 'event-first-paint' | 'attendee-search';

const started = new Map<Measure, string>();

/** The moment a person asked for it (a click, a keystroke). A later start replaces it. */
export function markStart(measure: Measure, detail?: string): void {
  const name = `usher:${measure}:start`;
  performance.mark(name, { detail });
  started.set(measure, detail ?? '');
}

/** Starts unless a start is already waiting (a screen that opens itself, e.g. after sign-in). */
export function markStartIfIdle(measure: Measure, detail?: string): void {
  if (!started.has(measure)) markStart(measure, detail);
}

/**
 * Called once the screen has committed what was asked for: measures at the next frame, after the
 * browser painted it. Only the first finish after a start counts, and only for the same detail
 * (for a search, the text that was typed).
 */
export function markDone(measure: Measure, detail?: string): void {
  if (started.get(measure) !== (detail ?? '')) return;
  started.delete(measure);
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.measure(`usher:${measure}`, {
        start: `usher:${measure}:start`,
        end: performance.now(),
        detail,
      });
    }, 0),
  );
}
