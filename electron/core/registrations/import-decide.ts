import type { Sql } from '../db/db';
import { sendsAutomatically } from '../mail/queue';
import { isoUtc } from '../sql-format';
import type { LockedEvent } from './insert-in-order';
import { typeCounts } from './seats';
import type { Rejection } from './import-rows';

/*
 * The set-based half of an import, over the staged rows (import-staging.ts), under the event lock
 * the caller holds. Each statement handles one chunk of rows, so none comes near the pool's
 * statement timeout however big the file.
 */

/** Accepted rows written per statement. */
const chunkRows = 2_500;

/**
 * Marks which staged rows are refused: a repeat of an email seen on an earlier line of the file,
 * or one already registered (and not cancelled) for the event. The others are numbered in file
 * order into import_accepted. Returns the refusals in line order and the number accepted.
 */
export async function judgeStaged(
  sql: Sql,
  eventId: string,
  limits: { staged: number; statementTimeoutMs: number },
): Promise<{ rejected: Rejection[]; accepted: number }> {
  // These steps sort and join every staged row, so their limit grows with the file: a second per
  // 10,000 rows over the pool's own (a million rows: under two minutes, where they take seconds).
  // The chunks after them go back to the pool's limit.
  const wholeFileMs = limits.statementTimeoutMs + Math.ceil(limits.staged / 10_000) * 1_000;
  // A pool without a limit (0) keeps none.
  const limit = (ms: number) =>
    limits.statementTimeoutMs > 0 ? sql.run(`set local statement_timeout = ${ms}`) : undefined;
  await limit(wholeFileMs);
  // A temporary table is never analysed by autovacuum; without figures the planner guesses badly.
  await sql.run('analyze import_lines');
  await sql.run(
    `create temp table import_judged on commit drop as
     with keyed as (
       select s.*, lower(s.email) as key from import_lines s
     ), firsts as (
       select key, min(line) as first_line from keyed group by key
     ), taken as (
       select lower(attendee_email) as key from event_registrations
        where event_id = $1 and status <> 'cancelled'
     )
     select k.line, k.id, k.name, k.email, k.code, f.first_line, t.key is not null as taken
       from keyed k join firsts f using (key) left join taken t using (key)`,
    [eventId],
  );
  const refused = await sql.many<{
    line: number;
    email: string;
    firstLine: number;
    taken: boolean;
  }>(
    `select line, email, first_line as "firstLine", taken from import_judged
      where line <> first_line or taken order by line`,
  );
  const accepted = await sql.run(
    `create temp table import_accepted on commit drop as
     select (row_number() over (order by line))::int as n, id, name, email, code
       from import_judged where line = first_line and not taken`,
  );
  await sql.run('create index on import_accepted (n)');
  await limit(limits.statementTimeoutMs);
  return {
    rejected: refused.map(({ line, email, firstLine }) => ({
      line,
      reason:
        line !== firstLine
          ? `${email} is already on line ${firstLine}`
          : `${email} is already registered for this event`,
    })),
    accepted,
  };
}

export interface SavedCounts {
  registered: number;
  waitlisted: number;
}

/**
 * Inserts the accepted rows in file order: free seats first, then the waitlist. Each chunk
 * writes its registrations, their audit rows (the RegistrationDto the app shows, as
 * insertInArrivalOrder writes it) and their messages (ticket or waitlist notice, if the event
 * sends them); the event's counters are moved once at the end.
 */
export async function saveAccepted(
  sql: Sql,
  event: LockedEvent,
  actorId: string,
  accepted: number,
  onSaved: (saved: number) => void,
): Promise<SavedCounts> {
  // Every imported row takes the event's default (first) ticket type: a seat needs room in the
  // event and in that type, and nobody of that type already waiting (seats.ts, one by one).
  const [defaultType] = await typeCounts(sql, event.id);
  const type = defaultType!;
  const eventSeats =
    event.maxAttendees === null ? Infinity : event.maxAttendees - event.registeredCount;
  const typeSeats = type.capacity === null ? Infinity : type.capacity - type.registeredCount;
  const free = type.waitlistedCount > 0 ? 0 : Math.max(0, Math.min(eventSeats, typeSeats));
  const seats = free === Infinity ? null : free;
  const [ticket, notice] = await Promise.all([
    sendsAutomatically(sql, event.id, 'confirmation'),
    sendsAutomatically(sql, event.id, 'waitlisted'),
  ]);
  // $1 event, $2 seats (null: unlimited), $3..$4 the chunk's numbers.
  const chunk = `from import_accepted a where a.n > $3 and a.n <= $4`;
  const seated = `($2::int is null or a.n <= $2::int)`;
  for (let from = 0; from < accepted; from += chunkRows) {
    const params = [event.id, seats, from, from + chunkRows];
    await sql.run(
      `insert into event_registrations (id, event_id, attendee_name, attendee_email, ticket_code,
                                        status, ticket_type_id)
       select a.id, $1, a.name, a.email, a.code,
              case when ${seated} then 'registered' else 'waitlisted' end, $5
         ${chunk} order by a.n`,
      [...params, type.id],
    );
    await sql.run(
      `insert into audit_log (actor_id, action, entity, entity_id, after)
       select $5, 'registrations.import', 'registration', a.id::text, jsonb_build_object(
                'id', a.id, 'eventId', $1::uuid, 'attendeeName', a.name, 'attendeeEmail', a.email,
                'ticketCode', a.code, 'ticketTypeId', $7::uuid,
                'status', case when ${seated} then 'registered' else 'waitlisted' end,
                'waitlistPosition', case when not ${seated} then $6::int + a.n - $2::int end,
                'createdAt', ${isoUtc('now()')}, 'checkedInAt', null, 'version', 1)
         ${chunk} order by a.n`,
      [...params, actorId, type.waitlistedCount, type.id],
    );
    if (ticket || notice) {
      await sql.run(
        `insert into mail_outbox (event_id, registration_id, kind, to_address, to_name)
         select $1, a.id, case when ${seated} then 'confirmation' else 'waitlisted' end, a.email, a.name
           ${chunk} and case when ${seated} then $5::boolean else $6::boolean end
          order by a.n`,
        [...params, ticket, notice],
      );
    }
    onSaved(Math.min(accepted, from + chunkRows));
  }
  const registered = seats === null ? accepted : Math.min(seats, accepted);
  const counts = { registered, waitlisted: accepted - registered };
  await sql.run(
    `update events set registered_count = registered_count + $2,
                       waitlisted_count = waitlisted_count + $3 where id = $1`,
    [event.id, counts.registered, counts.waitlisted],
  );
  return counts;
}
