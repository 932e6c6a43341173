import { changesTo } from '../../api/live';
import { useChannel } from '../../api/use-channel';

/** The event's ticket types with their counts, refetched when anyone changes the event. */
export const useTicketTypes = (eventId: string) =>
  useChannel('ticketTypes.list', { eventId }, { watch: changesTo(eventId) });

/** "VIP (12 of 50)", for pickers: how full each type is, at a glance. */
export const typeLabel = (type: {
  name: string;
  registeredCount: number;
  capacity: number | null;
}) =>
  type.capacity === null
    ? `${type.name} (${type.registeredCount} registered)`
    : `${type.name} (${type.registeredCount} of ${type.capacity})`;
