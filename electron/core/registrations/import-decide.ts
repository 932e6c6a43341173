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
 * order into import_accepted, each with the seat or waitlist place registering them one by one
 * would give (see seatRows). Returns the refusals in line order and the numbers accepted and
 * seated.
 */
export async function judgeStaged(
  sql: Sql,
  event: LockedEvent,
  limits: { staged: number; statementTimeoutMs: number },
): Promise<JudgedImport> {
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
     select k.line, k.id, k.name, k.email, k.code, k.type_id, k.answers, f.first_line,
            t.key is not null as taken
       from keyed k join firsts f using (key) left join taken t using (key)`,
    [event.id],
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
  const accepted = await seatRows(sql, event);
  await sql.run('create index on import_accepted (n)');
  const { registered } = (await sql.one<{ registered: number }>(
    'select count(*)::int as registered from import_accepted where seated',
  ))!;
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
    registered,
  };
}

export interface JudgedImport {
  rejected: Rejection[];
  /** Rows to insert, and how many of them take a seat (the others join their type's waitlist). */
  accepted: number;
  registered: number;
}

/**
 * Numbers the accepted rows in file order into import_accepted and decides each one's seat, set
 * based, exactly as seats.ts decides arrivals one by one: a row is offered a seat while its type
 * has room (none if someone of its type already waits), and takes it while the event has room.
 * So the offered rows are the first `free` of each type, and the seated ones the first of those,
 * in file order, up to the event's free seats. Everyone else waits behind those of its type
 * already waiting. Returns the number of accepted rows.
 */
async function seatRows(sql: Sql, event: LockedEvent): Promise<number> {
  const types = await typeCounts(sql, event.id);
  const eventFree =
    event.maxAttendees === null ? null : Math.max(0, event.maxAttendees - event.registeredCount);
  const typeFree = types.map((type) =>
    type.waitlistedCount > 0
      ? 0
      : type.capacity === null
        ? null
        : Math.max(0, type.capacity - type.registeredCount),
  );
  return sql.run(
    `create temp table import_accepted on commit drop as
     with numbered as (
       select (row_number() over (order by j.line))::int as n,
              row_number() over (partition by j.type_id order by j.line) as type_n,
              j.id, j.name, j.email, j.code, j.type_id, j.answers
         from import_judged j where j.line = j.first_line and not j.taken
     ), offered as (
       select nb.*, f.waiting, (f.free is null or nb.type_n <= f.free) as offered
         from numbered nb
         join unnest($1::uuid[], $2::int[], $3::int[]) as f(type_id, free, waiting)
           on f.type_id = nb.type_id
     ), decided as (
       select o.*, o.offered and ($4::int is null
                                  or sum(o.offered::int) over (order by o.n) <= $4::int) as seated
         from offered o
     )
     select n, id, name, email, code, type_id, answers, seated,
            case when not seated
              then waiting + (row_number() over (partition by type_id, seated order by n))::int
            end as wait_pos
       from decided`,
    [types.map((type) => type.id), typeFree, types.map((type) => type.waitlistedCount), eventFree],
  );
}

export interface SavedCounts {
  registered: number;
  waitlisted: number;
}

/**
 * Inserts the accepted rows in file order as seatRows decided them. Each chunk writes its
 * registrations, their answers, their audit rows (the RegistrationDto the app shows, as
 * insertInArrivalOrder writes it) and their messages (ticket or waitlist notice, if the event
 * sends them); the event's counters are moved once at the end (the types' by their triggers).
 */
export async function saveAccepted(
  sql: Sql,
  event: LockedEvent,
  actorId: string,
  { accepted, registered }: Pick<JudgedImport, 'accepted' | 'registered'>,
  onSaved: (saved: number) => void,
): Promise<SavedCounts> {
  const [ticket, notice] = await Promise.all([
    sendsAutomatically(sql, event.id, 'confirmation'),
    sendsAutomatically(sql, event.id, 'waitlisted'),
  ]);
  // $1 event, $2..$3 the chunk's numbers.
  const chunk = `from import_accepted a where a.n > $2 and a.n <= $3`;
  const status = `case when a.seated then 'registered' else 'waitlisted' end`;
  for (let from = 0; from < accepted; from += chunkRows) {
    const params = [event.id, from, from + chunkRows];
    await sql.run(
      `insert into event_registrations (id, event_id, attendee_name, attendee_email, ticket_code,
                                        status, ticket_type_id)
       select a.id, $1, a.name, a.email, a.code, ${status}, a.type_id ${chunk} order by a.n`,
      params,
    );
    // Only questions the event still asks: one removed since the rows were checked is skipped,
    // as insertAnswers does.
    await sql.run(
      `insert into registration_answers (registration_id, question_id, event_id, value)
       select a.id, q.id, $1, e.value
         from import_accepted a
         cross join lateral jsonb_each(a.answers) as e(question_id, value)
         join event_questions q on q.id = e.question_id::uuid and q.event_id = $1
        where a.n > $2 and a.n <= $3 and a.answers is not null`,
      params,
    );
    await sql.run(
      `insert into audit_log (actor_id, action, entity, entity_id, after)
       select $4, 'registrations.import', 'registration', a.id::text, jsonb_build_object(
                'id', a.id, 'eventId', $1::uuid, 'attendeeName', a.name, 'attendeeEmail', a.email,
                'ticketCode', a.code, 'ticketTypeId', a.type_id, 'status', ${status},
                'waitlistPosition', a.wait_pos,
                'createdAt', ${isoUtc('now()')}, 'checkedInAt', null, 'walkIn', null,
                'version', 1)
         ${chunk} order by a.n`,
      [...params, actorId],
    );
    if (ticket || notice) {
      await sql.run(
        `insert into mail_outbox (event_id, registration_id, kind, to_address, to_name)
         select $1, a.id, case when a.seated then 'confirmation' else 'waitlisted' end, a.email, a.name
           ${chunk} and case when a.seated then $4::boolean else $5::boolean end
          order by a.n`,
        [...params, ticket, notice],
      );
    }
    onSaved(Math.min(accepted, from + chunkRows));
  }
  const counts = { registered, waitlisted: accepted - registered };
  await sql.run(
    `update events set registered_count = registered_count + $2,
                       waitlisted_count = waitlisted_count + $3 where id = $1`,
    [event.id, counts.registered, counts.waitlisted],
  );
  return counts;
}
