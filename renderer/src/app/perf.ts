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

/**
 * The stages of one scan at the door, as marks named `usher:scan:<stage>`: the Enter key handed
 * the code over, the station's answer came back, the verdict was committed to the DOM, and the
 * frame that shows it was painted. The end-to-end benchmark reads them back per scan.
 */
export type ScanStage = 'enter' | 'answer' | 'commit' | 'painted';

export function markScan(stage: ScanStage): void {
  performance.mark(`usher:scan:${stage}`);
}

/** After the browser has painted what was just committed: the next frame, then its end. */
export function afterPaint(run: () => void): void {
  requestAnimationFrame(() => setTimeout(run, 0));
}
