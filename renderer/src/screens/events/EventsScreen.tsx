import { useNavigation } from '../../stores/navigation';
import { EventDetail } from '../event/EventDetail';
import { EventList } from './EventList';
import { useEventPage } from './use-event-page';

/** The list of events, or the one that is open. */
export function EventsScreen() {
  const eventId = useNavigation((state) => state.eventId);
  const list = useEventPage(eventId !== null);
  return eventId ? <EventDetail key={eventId} id={eventId} /> : <EventList list={list} />;
}
