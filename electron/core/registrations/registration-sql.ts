import { isoUtc } from '../sql-format';

/**
 * The columns every registration query selects, already shaped as the DTO. The waitlist place
 * and the check-in time are derived, never stored twice.
 */
export const registrationColumns = `r.id, r.event_id as "eventId", r.attendee_name as "attendeeName",
  r.attendee_email as "attendeeEmail", r.ticket_code as "ticketCode", r.status,
  case when r.status = 'waitlisted' then
    (select count(*)::int from event_registrations w
      where w.event_id = r.event_id and w.status = 'waitlisted' and w.seq <= r.seq)
  end as "waitlistPosition",
  ${isoUtc('r.created_at')} as "createdAt",
  (select ${isoUtc('min(c.scanned_at)')} from check_ins c
    where c.registration_id = r.id and c.reverted_at is null) as "checkedInAt"`;
