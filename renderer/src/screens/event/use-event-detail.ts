import type { EventActivity } from '@shared/contract/reports';
import type { EventDto } from '@shared/domain';
import { changesTo } from '../../api/live';
import { useChannel } from '../../api/use-channel';

interface EventDetail {
  event: EventDto | null;
  activity: EventActivity | null;
  /** Why the event cannot be shown (gone, or not visible to this person). */
  problem: string | null;
  reload(): Promise<void>;
}

/**
 * The open event and its activity report, refetched when anyone changes the event. One per
 * event: the screen is keyed by the event's id. A report that fails to refresh keeps the last one.
 */
export function useEventDetail(id: string): EventDetail {
  const watch = changesTo(id);
  const event = useChannel('events.get', { id }, { watch });
  const activity = useChannel('reports.eventActivity', { eventId: id }, { watch });
  return {
    event: event.error ? null : event.data,
    activity: activity.data,
    problem: event.error?.message ?? null,
    reload: async () => {
      await Promise.all([event.refetch(), activity.refetch()]);
    },
  };
}
