import type { EventDto, RegistrationDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { writeAudits } from '../audit/write-audit';
import { registrationColumns } from './registration-sql';
import type { LockedEvent } from './insert-in-order';
import { queueMessages } from '../mail/queue';
import { typeCounts } from './seats';

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
 * Fills free seats from the waitlists: each seat goes to the first waitlisted person (arrival
 * order) whose type still has room while the event has. The caller holds the event lock.
 * Returns the promoted registrations.
 */
export async function promoteWaitlisted(
  sql: Sql,
  event: Pick<EventDto, 'id'>,
  actorId: string,
  limit?: number,
): Promise<RegistrationDto[]> {
  const counts = (await lockEventCounts(sql, event.id))!;
  const eventFree =
    counts.maxAttendees === null ? Infinity : counts.maxAttendees - counts.registeredCount;
  const take = Math.min(eventFree, limit ?? Infinity, counts.waitlistedCount);
  if (take <= 0) return [];
  // Each type with room offers its first few in line; merged in arrival order, the first `take`
  // of them are exactly whom a seat-by-seat walk of the whole waitlist would have chosen.
  const offers = (await typeCounts(sql, event.id))
    .filter((type) => type.waitlistedCount > 0)
    .map((type) => ({
      id: type.id,
      room: Math.min(
        take,
        type.capacity === null ? Infinity : type.capacity - type.registeredCount,
      ),
    }))
    .filter((type) => type.room > 0);
  if (offers.length === 0) return [];
  const before = await sql.many<RegistrationDto>(
    `select ${registrationColumns} from unnest($1::uuid[], $2::int[]) as o(type_id, room)
       cross join lateral (
         select * from event_registrations w
          where w.ticket_type_id = o.type_id and w.status = 'waitlisted'
          order by w.seq limit o.room
       ) r
      order by r.seq limit $3`,
    [offers.map((type) => type.id), offers.map((type) => type.room), take],
  );
  const ids = before.map((registration) => registration.id);
  await sql.run(
    `with moved as (
       update event_registrations set status = 'registered', updated_at = now()
        where id = any($2::uuid[]) returning id
     )
     update events set registered_count = registered_count + (select count(*) from moved),
                       waitlisted_count = waitlisted_count - (select count(*) from moved)
      where id = $1`,
    [event.id, ids],
  );
  const after = await sql.many<RegistrationDto>(
    `select ${registrationColumns} from event_registrations r
      where r.id = any($1::uuid[]) order by r.seq`,
    [ids],
  );
  await writeAudits(
    sql,
    after.map((registration, i) => ({
      actorId,
      action: 'registrations.promote',
      entity: 'registration',
      entityId: registration.id,
      before: before[i],
      after: registration,
    })),
  );
  await queueMessages(sql, 'promoted', ids);
  return after;
}
