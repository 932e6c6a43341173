import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Ticket } from './ticket';

/**
 * A calendar entry for the attendee's event; the UID is the registration, so a later one replaces it.
 * Times are written as UTC instants: every calendar shows them in its own zone, with no VTIMEZONE
 * table to get wrong.
 */
export function ticketIcs(ticket: Ticket, registrationId: string): string {
  const calendar = ical({ prodId: { company: 'Usher', product: 'Usher', language: 'EN' } });
  calendar.method(ICalCalendarMethod.PUBLISH);
  calendar.createEvent({
    id: `${registrationId}@usher`,
    start: new Date(ticket.startsAt),
    end: new Date(ticket.endsAt),
    summary: ticket.eventTitle,
    location: ticket.location || null,
    description: `Ticket ${ticket.code} for ${ticket.attendeeName}`,
  });
  return calendar.toString();
}
