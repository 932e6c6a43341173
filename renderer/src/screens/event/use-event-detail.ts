import { useCallback, useEffect, useState } from 'react';
import type { EventActivity } from '@shared/contract/reports';
import type { EventDto } from '@shared/domain';
import { call } from '../../api/client';
import { watchChanges } from '../../api/live';

interface EventDetail {
  event: EventDto | null;
  activity: EventActivity | null;
  /** Why the event cannot be shown (gone, or not visible to this person). */
  problem: string | null;
  reload(): Promise<void>;
}

/**
 * The open event and its activity report, refetched when anyone changes the event. One per
 * event: the screen is keyed by the event's id.
 */
export function useEventDetail(id: string): EventDetail {
  const [state, setState] = useState<Omit<EventDetail, 'reload'>>({
    event: null,
    activity: null,
    problem: null,
  });

  const reload = useCallback(
    () =>
      Promise.all([
        call('events.get', { id }),
        call('reports.eventActivity', { eventId: id }),
      ]).then(([event, activity]) =>
        setState((current) => ({
          event: event.ok ? event.value : null,
          activity: activity.ok ? activity.value : current.activity,
          problem: event.ok ? null : event.error.message,
        })),
      ),
    [id],
  );

  useEffect(() => {
    void reload();
    return watchChanges((eventId) => eventId === id, reload);
  }, [id, reload]);

  return { ...state, reload };
}
