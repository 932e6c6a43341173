import { isoUtc } from '../sql-format';

/** A waitlisted registration's place: everyone waiting for its type who arrived no later. */
const waitlistPlace = `case when r.status = 'waitlisted' then
    (select count(*)::int from event_registrations w
      where w.ticket_type_id = r.ticket_type_id and w.status = 'waitlisted' and w.seq <= r.seq)
  end`;

/**
 * The columns every registration query selects, already shaped as the DTO, with the waitlist
 * place worked out by `place` (an SQL expression; by default one count per row). The waitlist
 * place and the check-in time are derived, never stored twice.
 */
export const registrationColumnsWith = (place: string) => `r.id, r.event_id as "eventId",
  r.attendee_name as "attendeeName", r.attendee_email as "attendeeEmail",
  r.ticket_code as "ticketCode", r.ticket_type_id as "ticketTypeId", r.status, ${place} as "waitlistPosition",
  ${isoUtc('r.created_at')} as "createdAt",
  (select ${isoUtc('min(c.scanned_at)')} from check_ins c
    where c.registration_id = r.id and c.reverted_at is null) as "checkedInAt",
  r.walk_in as "walkIn", r.version`;

export const registrationColumns = registrationColumnsWith(waitlistPlace);
