import { managesEvent } from '@shared/access';
import type { EventDto, UserDto } from '@shared/domain';
import { forbidden } from '../errors';
import { isoUtc } from '../sql-format';

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

