import type { EventDto, RegistrationDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { isoUtc } from '../sql-format';
import { registrationColumns } from './registration-sql';

export interface RegisterAttempt {
  eventId: string;
  name: string;
  email: string;
  ticketCode: string;
  actorId: string;
  /** Admins register on any event; organizers on their own. */
  actorIsAdmin: boolean;
}

export type RegisterOutcome =
  | { kind: 'registered' | 'waitlisted'; registration: RegistrationDto }
  | { kind: 'no-event' | 'not-yours' | 'event-cancelled' | 'duplicate' };

/**
 * One statement, one round trip: lock the event row, decide registered or waitlisted from the
 * counters read under that lock, insert, bump the counters and audit. Every registration of an
 * event queues on the same row lock, so capacity cannot be oversold and arrival order is the
 * order of the queue. (A waitlisted attendee's place is its rank by `seq`, derived on read.)
 */
export async function registerOne(sql: Sql, attempt: RegisterAttempt): Promise<RegisterOutcome> {
  const row = await sql.one<RegistrationDto & { eventStatus: string; createdBy: string | null }>(
    `with ev as (
       select id, status, created_by, max_attendees, registered_count, waitlisted_count
         from events where id = $1 for update
     ), ins as (
       insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       select ev.id, $2, $3, $4,
              case when ev.max_attendees is null or ev.registered_count < ev.max_attendees
                   then 'registered' else 'waitlisted' end
         from ev where ev.status <> 'cancelled' and ($6 or ev.created_by = $5)
       on conflict (event_id, lower(attendee_email)) where status <> 'cancelled' do nothing
       returning *
     ), counted as (
       update events e set
         registered_count = e.registered_count + (ins.status = 'registered')::int,
         waitlisted_count = e.waitlisted_count + (ins.status = 'waitlisted')::int
       from ins where e.id = ins.event_id
     ), audited as (
       insert into audit_log (actor_id, action, entity, entity_id, after)
       select $5, 'registrations.register', 'registration', ins.id::text, to_jsonb(ins) from ins
     )
     select ev.status as "eventStatus", ev.created_by as "createdBy", ins.id, ins.event_id as "eventId",
            ins.attendee_name as "attendeeName", ins.attendee_email as "attendeeEmail",
            ins.ticket_code as "ticketCode", ins.status,
            case when ins.status = 'waitlisted' then ev.waitlisted_count + 1 end as "waitlistPosition",
            ${isoUtc('ins.created_at')} as "createdAt", null as "checkedInAt"
       from ev left join ins on true`,
    [
      attempt.eventId,
      attempt.name,
      attempt.email,
      attempt.ticketCode,
      attempt.actorId,
      attempt.actorIsAdmin,
    ],
  );
  if (!row) return { kind: 'no-event' };
  const { eventStatus, createdBy, ...registration } = row;
  if (!attempt.actorIsAdmin && createdBy !== attempt.actorId) return { kind: 'not-yours' };
  if (eventStatus === 'cancelled') return { kind: 'event-cancelled' };
  if (!registration.id) return { kind: 'duplicate' };
  return { kind: registration.status as 'registered' | 'waitlisted', registration };
}

export const readRegistration = (sql: Sql, id: string) =>
  sql.one<RegistrationDto>(
    `select ${registrationColumns} from event_registrations r where r.id = $1`,
    [id],
  );

/** Locks the event row: every change to an event's registrations holds it first. */
export const lockEventCounts = (sql: Sql, eventId: string) =>
  sql.one<
    Pick<
      EventDto,
      'id' | 'status' | 'createdBy' | 'maxAttendees' | 'registeredCount' | 'waitlistedCount'
    >
  >(
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
