import { changeTouches } from '@shared/contract';
import type { EventDto, Page } from '@shared/domain';
import type { ChangeFilter } from '../../api/live';
import { useChannel, type ChannelState } from '../../api/use-channel';
import { localDayEnd, localDayStart } from '../../format/zoned-time';
import { EVENTS_PER_PAGE, useEventList } from '../../stores/event-list';
import { toastError } from '../../stores/toasts';

export interface EventPage {
  page: Page<EventDto> | null;
  /** A newer page is on its way; the one shown stays until it arrives. */
  loading: boolean;
  categories: string[];
}

// The set of events (and so the categories) changes only with an event; a registration or a
// check-in matters only to the events on screen.
const eventsChanged: ChangeFilter = (_scope, topic) => topic === 'events.changed';

/**
 * The page of events the filters ask for, following other desktops' changes. Held by the Events
 * screen rather than the list, so the list is back at once after an event was open (`paused`
 * meanwhile: nothing is asked for a list nobody sees).
 */
export function useEventPage(paused: boolean): EventPage {
  const applied = useEventList((state) => state.applied);
  const offset = useEventList((state) => state.offset);
  // Typed by hand: the watch reads what the list shows, which TypeScript cannot infer in a cycle.
  const list: ChannelState<Page<EventDto>> = useChannel(
    'events.list',
    {
      search: applied.search.trim() || undefined,
      category: applied.category || undefined,
      status: applied.status || undefined,
      from: localDayStart(applied.from),
      to: localDayEnd(applied.to),
      limit: EVENTS_PER_PAGE,
      offset,
    },
    {
      paused,
      keepPrevious: true,
      onError: toastError,
      watch: (scope, topic) =>
        eventsChanged(scope, topic) ||
        !!list.data?.items.some((event) => changeTouches(scope, event.id)),
    },
  );
  const categories = useChannel('events.categories', {}, { paused, watch: eventsChanged });
  return { page: list.data, loading: list.loading, categories: categories.data ?? [] };
}
