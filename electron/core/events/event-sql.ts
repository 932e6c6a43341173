import { managesEvent, seesAttendees, seesEvent } from '@shared/access';
import type { EventDto, EventStatus, UserDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { forbidden, notFound } from '../errors';
import { isoUtc } from '../sql-format';
import { worksEvent } from '../door-staff/assignment';

/** The columns every event query selects, already shaped as the DTO. */
export const eventColumns = `e.id, e.title, e.description, e.location,
  ${isoUtc('e.starts_at')} as "startsAt", ${isoUtc('e.ends_at')} as "endsAt",
  e.time_zone as "timeZone", e.category, e.max_attendees as "maxAttendees", e.status,
  e.created_by as "createdBy", e.registered_count as "registeredCount",
  e.waitlisted_count as "waitlistedCount", e.checked_in_count as "checkedInCount", e.version,
  ${isoUtc('e.created_at')} as "createdAt", ${isoUtc('e.updated_at')} as "updatedAt"`;

/** The shared rule (`managesEvent`), enforced: refuses anyone who does not manage the event. */
export function assertManages(user: UserDto, event: Pick<EventDto, 'createdBy'>): void {
  if (!managesEvent(user, event)) {
    throw forbidden('Only the organizer who created this event (or an admin) can change it');
  }
}

/**
 * The shared rule (`seesAttendees`), enforced for every channel that returns an event's
 * attendees, their check-ins or counts of them. An event the caller may not see at all (door
 * staff and a draft) is NOT_FOUND, as in events.get; one they see but whose attendees are not
 * theirs (another organizer's) is FORBIDDEN.
 */
export async function assertSeesAttendees(
  sql: Sql,
  user: UserDto,
  eventId: string,
): Promise<{ status: EventStatus; createdBy: string | null }> {
  const event = await sql.one<{ status: EventStatus; createdBy: string | null }>(
    'select status, created_by as "createdBy" from events where id = $1',
    [eventId],
  );
  if (!event || !seesEvent(user, event)) throw notFound('That event');
  // Door staff: only the events they work (electron/core/door-staff).
  if (!(await worksEvent(sql, user, eventId))) throw notFound('That event');
  if (!seesAttendees(user, event)) {
    throw forbidden(
      'Only the organizer who created this event (or an admin) can see its attendees',
    );
  }
  return event;
}
