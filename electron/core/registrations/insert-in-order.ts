import type { EventDto, RegistrationDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { writeAudits } from '../audit/write-audit';
import { isoUtc } from '../sql-format';
import { queueRegistrationMessages } from '../mail/queue';
import { freeSeats } from './seats';
import type { Answers } from '@shared/questions';
import { insertAnswers } from '../questions/answers';

export interface NewAttendee {
  name: string;
  email: string;
  ticketCode: string;
  actorId: string;
  /** One of the event's types (the caller checked); absent: the event's first type. */
  ticketTypeId?: string;
  /** Already held to the event's questions (questions/answers.ts); stored with the registration. */
  answers?: Answers;
}

export type LockedEvent = Pick<
  EventDto,
  'id' | 'status' | 'createdBy' | 'maxAttendees' | 'registeredCount' | 'waitlistedCount'
>;

/** Lower-cased emails among `emails` that already hold an active registration for the event. */
export async function activeEmails(
  sql: Sql,
  eventId: string,
  emails: string[],
): Promise<Set<string>> {
  const rows = await sql.many<{ email: string }>(
    `select lower(attendee_email) as email from event_registrations
      where event_id = $1 and status in ('registered', 'waitlisted')
        and lower(attendee_email) = any($2::text[])`,
    [eventId, emails.map((email) => email.toLowerCase())],
  );
  return new Set(rows.map((row) => row.email));
}

/**
 * Inserts attendees in arrival order under the event lock the caller holds: free seats first,
 * then the waitlist. Counters in the same statement, one audit row per registration.
 * Returns the registrations in input order.
 */
export async function insertInArrivalOrder(
  sql: Sql,
  event: LockedEvent,
  attendees: NewAttendee[],
  action: string,
): Promise<RegistrationDto[]> {
  if (attendees.length === 0) return [];
  const seats = await freeSeats(sql, event);
  const typeIds = attendees.map((a) => a.ticketTypeId ?? seats.defaultTypeId);
  const places = typeIds.map((typeId) => seats.seat(typeId));
  const statuses = places.map((place) => (place === null ? 'registered' : 'waitlisted'));
  const rows = await sql.many<RegistrationDto & { n: string }>(
    `with input as (
       select * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[])
         with ordinality as t(name, email, code, status, type_id, n)
     ), ins as (
       insert into event_registrations
         (event_id, attendee_name, attendee_email, ticket_code, status, ticket_type_id)
       select $1, name, email, code, status, type_id from input order by n
       returning *
     ), counted as (
       update events set
         registered_count = registered_count + (select count(*) from ins where status = 'registered'),
         waitlisted_count = waitlisted_count + (select count(*) from ins where status = 'waitlisted')
        where id = $1
     )
     select input.n, ins.id, ins.event_id as "eventId", ins.attendee_name as "attendeeName",
            ins.attendee_email as "attendeeEmail", ins.ticket_code as "ticketCode",
            ins.ticket_type_id as "ticketTypeId", ins.status,
            null::int as "waitlistPosition", ${isoUtc('ins.created_at')} as "createdAt",
            null as "checkedInAt", ins.walk_in as "walkIn", ins.version
       from ins join input on input.code = ins.ticket_code order by input.n`,
    [
      event.id,
      attendees.map((a) => a.name),
      attendees.map((a) => a.email),
      attendees.map((a) => a.ticketCode),
      statuses,
      typeIds,
    ],
  );
  // A waitlisted newcomer's place: everyone already waiting for its type, plus those of its type
  // ahead of it in this batch.
  const registrations = rows.map(({ n: _n, ...registration }, i) => ({
    ...registration,
    waitlistPosition: places[i]!,
  }));
  await writeAudits(
    sql,
    registrations.map((after, i) => ({
      actorId: attendees[i]!.actorId,
      action,
      entity: 'registration',
      entityId: after.id,
      after,
    })),
  );
  await insertAnswers(
    sql,
    event.id,
    registrations.map((registration, i) => ({
      registrationId: registration.id,
      answers: attendees[i]!.answers,
    })),
  );
  await queueRegistrationMessages(sql, registrations);
  return registrations;
}
