import type { Change } from '@shared/contract';

/**
 * Announces changes in rounds: every change handed in while a round is being sent goes out in
 * the next one, once per (topic, event). Each caller's promise settles after a round that
 * started after its call, so "visible on the very next read" still holds, while a rush of
 * thousands of writes costs a handful of round trips to Redis instead of thousands.
 */
export function coalesceAnnouncements(send: (changes: Change[]) => Promise<void>) {
  let waiting = new Map<string, Change>();
  let sending: Promise<void> = Promise.resolve();
  let nextRound: Promise<void> | null = null;

  return (change: Change): Promise<void> => {
    const scope = 'allEvents' in change.payload ? '*' : change.payload.eventId;
    waiting.set(`${change.topic}:${scope}`, change);
    nextRound ??= sending.then(() => {
      const changes = [...waiting.values()];
      waiting = new Map();
      nextRound = null;
      sending = send(changes);
      return sending;
    });
    return nextRound;
  };
}
