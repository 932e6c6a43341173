import { useNavigation } from '../../stores/navigation';
import { EventDetail } from '../event/EventDetail';
import { EventList } from './EventList';

/** The list of events, or the one that is open. */
export function EventsScreen() {
  const eventId = useNavigation((state) => state.eventId);
  return eventId ? <EventDetail key={eventId} id={eventId} /> : <EventList />;
}
