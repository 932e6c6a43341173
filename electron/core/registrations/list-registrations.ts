import { registrationCountCap, type RegistrationPage } from '@shared/contract/registrations';
import type { ChannelParsedInput } from '@shared/contract';
import type { RegistrationDto } from '@shared/domain';
import type { Db } from '../db/db';
import { invalid } from '../errors';
import { likePattern } from '../sql-format';
import { registrationColumnsWith } from './registration-sql';
import { normalizeTicketCode } from '@shared/ticket-code';
import { answerFilterSql } from '../questions/answer-filter';

type ListInput = ChannelParsedInput<'registrations.list'>;

/** The keyset position after a row: its name and id, the table's order. */
interface Position {
  name: string;
  id: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (p: Position) =>
  Buffer.from(JSON.stringify([p.name, p.id])).toString('base64url');

function decodeCursor(cursor: string): Position {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && uuid.test(id)) return { name, id };
  } catch {
    // fall through: a cursor this server did not make
  }
  throw invalid('after', 'This page cursor is not one Usher gave out; start from the first page');
}

/**
 * A page of an event's attendees in (name, id) order, at a cost that does not grow with the
 * event: the total never counts past the cap, and the page comes from one of two bounded walks.
 * - A search first gathers its matches through the trigram index, stopping after the cap: when
 *   they are that few, the page is sorted from them (rare matches cost what they number).
 * - Otherwise (no search, or one matching very many) the page walks the event's name index from
 *   the cursor and stops after `limit` matches; common matches are met at once.
 * The derived columns are worked out for the page's rows only.
 */
export async function listRegistrations(db: Db, input: ListInput): Promise<RegistrationPage> {
  const params: unknown[] = [input.eventId];
  const bind = (value: unknown) => `$${params.push(value)}`;
  // The conditions beyond the event, bare so they can also mark rows instead of filtering them.
  const conditions: string[] = [];
  if (input.status) conditions.push(`r.status = ${bind(input.status)}`);
  if (input.ticketTypeId) conditions.push(`r.ticket_type_id = ${bind(input.ticketTypeId)}::uuid`);
  if (input.answers?.length) conditions.push(answerFilterSql(input.answers, bind));
  if (input.search) {
    conditions.push(
      `((r.attendee_name || ' ' || r.attendee_email) ilike ${bind(likePattern(input.search))}
         or r.ticket_code = ${bind(normalizeTicketCode(input.search))})`,
    );
  }
  const filter = ['r.event_id = $1', ...conditions].join(' and ');
  const matches = conditions.join(' and ') || 'true';
  const after = input.after ? decodeCursor(input.after) : null;
  // Bare column names: the same condition serves the gathered matches and the table.
  const keyset = after
    ? `and (attendee_name, id) > (${bind(after.name)}, ${bind(after.id)}::uuid)`
    : '';
  // One row more than asked tells whether a next page exists without counting.
  const window = `order by attendee_name, id limit ${bind(input.limit + 1)} offset ${bind(input.offset)}`;

  let ids: string[];
  let count: Count;
  // Answer filters are counted like a search: the event's counters know nothing of answers.
  if (input.search || input.answers?.length) {
    const gathered = (await db.one<{ n: number; ids: string[] }>(
      `with m as materialized (
         select r.id, r.attendee_name from event_registrations r where ${filter}
          limit ${registrationCountCap + 1}
       )
       select (select count(*)::int from m) as n,
              array(select id from m where true ${keyset} ${window}) as ids`,
      params,
    ))!;
    count = capped(gathered.n);
    ids = count.capped
      ? ((await walkWithin(db, matches, keyset, window, params, input.limit + 1)) ??
        (await sortMatches(db, filter, keyset, window, params)))
      : gathered.ids;
  } else {
    [ids, count] = await Promise.all([
      walk(db, filter, keyset, window, params),
      countAll(db, input),
    ]);
  }
  const rows = await pageRows(db, input.eventId, ids);
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    total: count.total,
    totalCapped: count.capped,
    limit: input.limit,
    offset: input.offset,
    next: more && last ? encodeCursor({ name: last.attendeeName, id: last.id }) : null,
  };
}

async function walk(db: Db, filter: string, keyset: string, window: string, params: unknown[]) {
  const rows = await db.many<{ id: string }>(
    `select r.id, r.attendee_name from event_registrations r where ${filter} ${keyset} ${window}`,
    params,
  );
  return rows.map((row) => row.id);
}

// How many rows of the name index a search's page may walk before it sorts its matches instead.
const walkBudget = 20_000;

/**
 * A search matching very many attendees: usually spread through the name order, so a walk of the
 * name index meets a page of them at once. But the matches of a first name sit together, perhaps
 * far down the order: past the budget the walk gives up (null) rather than read on.
 */
async function walkWithin(
  db: Db,
  matches: string,
  keyset: string,
  window: string,
  params: unknown[],
  wanted: number,
): Promise<string[] | null> {
  const rows = await db.many<{ id: string }>(
    `select id from (
       select r.id, r.attendee_name, ${matches} as hit
         from event_registrations r where r.event_id = $1 ${keyset}
        order by r.attendee_name, r.id limit ${walkBudget}
     ) w where hit ${window}`,
    params,
  );
  return rows.length === wanted ? rows.map((row) => row.id) : null;
}

/** All the matches after the cursor, found through the trigram index, then sorted. */
async function sortMatches(
  db: Db,
  filter: string,
  keyset: string,
  window: string,
  params: unknown[],
): Promise<string[]> {
  const rows = await db.many<{ id: string }>(
    `with m as materialized (
       select r.id, r.attendee_name from event_registrations r where ${filter} ${keyset}
     )
     select id from m ${window}`,
    params,
  );
  return rows.map((row) => row.id);
}

/**
 * The page's rows as DTOs, in (name, id) order. Waitlist places come from one walk of the
 * waitlist up to the page's latest arrival, instead of one count per waitlisted row.
 */
async function pageRows(db: Db, eventId: string, ids: string[]): Promise<RegistrationDto[]> {
  if (ids.length === 0) return [];
  return db.many<RegistrationDto>(
    `with page as (
       select r.id, r.seq, r.status from event_registrations r where r.id = any($2::uuid[])
     ), places as (
       select q.id, q.place from (
         select w.id, (row_number() over (partition by w.ticket_type_id order by w.seq))::int as place
           from event_registrations w
          where w.event_id = $1 and w.status = 'waitlisted'
            and w.seq <= (select max(seq) from page where status = 'waitlisted')
       ) q where q.id in (select id from page where status = 'waitlisted')
     )
     select ${registrationColumnsWith('places.place')}
       from page join event_registrations r on r.id = page.id
       left join places on places.id = r.id
      order by r.attendee_name, r.id`,
    [eventId, ids],
  );
}

interface Count {
  total: number;
  capped: boolean;
}

const capped = (n: number): Count =>
  n > registrationCountCap
    ? { total: registrationCountCap, capped: true }
    : { total: n, capped: false };

/**
 * Without a search, registered and waitlisted attendees are counted exactly by the counters kept
 * in the same transaction as every registration: the event's, or its ticket type's when the list
 * shows one type; cancelled ones up to the cap.
 */
async function countAll(db: Db, input: ListInput): Promise<Count> {
  const type = input.ticketTypeId ?? null;
  const row = await db.one<{ registered: number; waitlisted: number; cancelled: number }>(
    `select c.registered_count as registered, c.waitlisted_count as waitlisted,
            (select count(*)::int from (
               select 1 from event_registrations r
                where r.event_id = $1 and r.status = 'cancelled'
                  and ($2::uuid is null or r.ticket_type_id = $2::uuid)
                limit ${registrationCountCap + 1}
             ) n) as cancelled
       from (select registered_count, waitlisted_count from events
              where id = $1 and $2::uuid is null
             union all
             select registered_count, waitlisted_count from ticket_types
              where event_id = $1 and id = $2::uuid) c`,
    [input.eventId, type],
  );
  if (!row) return { total: 0, capped: false };
  const cancelled = capped(row.cancelled);
  if (input.status === 'registered') return { total: row.registered, capped: false };
  if (input.status === 'waitlisted') return { total: row.waitlisted, capped: false };
  if (input.status === 'cancelled') return cancelled;
  return { total: row.registered + row.waitlisted + cancelled.total, capped: cancelled.capped };
}
