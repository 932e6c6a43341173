import type { TopicName } from '@shared/contract';
import { subscribe } from './client';

type ChangeTopic = Extract<
  TopicName,
  'events.changed' | 'registrations.changed' | 'checkins.changed'
>;
const changeTopics: ChangeTopic[] = ['events.changed', 'registrations.changed', 'checkins.changed'];

/**
 * Calls `refresh` when a change another window or desktop made may alter what a screen shows.
 * `affects` says whether a change to that event matters (eventId '*' always does). A burst of
 * changes (a CSV import, a door rush) refreshes at once and then at most every `gapMs`.
 */
export function watchChanges(
  affects: (eventId: string, topic: ChangeTopic) => boolean,
  refresh: () => void,
  gapMs = 400,
): () => void {
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
    subscribe(topic, ({ eventId }) => {
      if (eventId !== '*' && !affects(eventId, topic)) return;
      if (timer === null) run();
      else pending = true;
    }),
  );
  return () => {
    for (const stop of stops) stop();
    if (timer !== null) window.clearTimeout(timer);
  };
}
