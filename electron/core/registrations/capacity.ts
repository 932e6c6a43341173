import type { EventDto, RegistrationDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { registrationColumns } from './registration-sql';
import type { LockedEvent } from './insert-in-order';

export const readRegistration = (sql: Sql, id: string) =>
  sql.one<RegistrationDto>(
    `select ${registrationColumns} from event_registrations r where r.id = $1`,
    [id],
  );

/** Locks the event row: every change to an event's registrations holds it first. */
export const lockEventCounts = (sql: Sql, eventId: string) =>
  sql.one<LockedEvent>(
    `select id, status, created_by as "createdBy", max_attendees as "maxAttendees",
            registered_count as "registeredCount", waitlisted_count as "waitlistedCount"
       from events where id = $1 for update`,
    [eventId],
  );

/**
 * Fills free seats from the waitlist, first come first served. The caller holds the event lock.
 * Returns the promoted registrations.
 */
export async function promoteWaitlisted(
  sql: Sql,
  event: Pick<EventDto, 'id'>,
  actorId: string,
  limit?: number,
): Promise<RegistrationDto[]> {
  const counts = (await lockEventCounts(sql, event.id))!;
  const free =
    counts.maxAttendees === null
      ? counts.waitlistedCount
      : Math.min(counts.waitlistedCount, counts.maxAttendees - counts.registeredCount);
  const take = Math.min(free, limit ?? free);
  if (take <= 0) return [];
  const promoted = await sql.many<{ id: string }>(
    `with next as (
       select id from event_registrations
        where event_id = $1 and status = 'waitlisted' order by seq limit $2
     ), moved as (
       update event_registrations r set status = 'registered', updated_at = now()
         from next where r.id = next.id returning r.id
     ), counted as (
       update events set registered_count = registered_count + (select count(*) from moved),
                         waitlisted_count = waitlisted_count - (select count(*) from moved)
        where id = $1
     ), audited as (
       insert into audit_log (actor_id, action, entity, entity_id, before, after)
       select $3, 'registrations.promote', 'registration', moved.id::text,
              '{"status":"waitlisted"}'::jsonb, '{"status":"registered"}'::jsonb from moved
     )
     select id from moved`,
    [event.id, take, actorId],
  );
  const rows: RegistrationDto[] = [];
  for (const { id } of promoted) rows.push((await readRegistration(sql, id))!);
  return rows;
}
