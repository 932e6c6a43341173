import { changeTopics, changeTouches, type ChangeScope, type ChangeTopic } from '@shared/contract';
import { subscribe } from './client';

/** Whether a committed change may alter what a screen shows. */
export type ChangeFilter = (scope: ChangeScope, topic: ChangeTopic) => boolean;

export const anyChange: ChangeFilter = () => true;

/** Changes to one event: its details, its registrations, its check-ins. */
export const changesTo =
  (eventId: string): ChangeFilter =>
  (scope) =>
    changeTouches(scope, eventId);

/**
 * Calls `refresh` when a change another window or desktop made may alter what a screen shows.
 * A change that lost track of what it touched (`allEvents`) may touch anything on screen, so it
 * always refreshes. A burst of changes (a CSV import, a door rush) refreshes at once and then at
 * most every `gapMs`.
 */
export function watchChanges(affects: ChangeFilter, refresh: () => void, gapMs = 400): () => void {
  let timer: number | null = null;
  let pending = false;
  const run = () => {
    pending = false;
    refresh();
    timer = window.setTimeout(() => {
      timer = null;
      if (pending) run();
    }, gapMs);
  };
  const stops = changeTopics.map((topic) =>
    subscribe(topic, (scope) => {
      if (!('allEvents' in scope) && !affects(scope, topic)) return;
      if (timer === null) run();
      else pending = true;
    }),
  );
  return () => {
    for (const stop of stops) stop();
    if (timer !== null) window.clearTimeout(timer);
  };
}
