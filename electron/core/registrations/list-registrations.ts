import { registrationCountCap, type RegistrationPage } from '@shared/contract/registrations';
import type { ChannelParsedInput } from '@shared/contract';
import type { RegistrationDto } from '@shared/domain';
import type { Db } from '../db/db';
import { invalid } from '../errors';
import { likePattern } from '../sql-format';
import { registrationColumnsWith } from './registration-sql';
import { normalizeTicketCode } from '@shared/ticket-code';
import { answerFilterSql } from '../questions/answer-filter';
import { inPrefix, prefixKey, prefixRange } from './name-prefix';
import { jumpByMarks, marksFrom, readMarksAhead } from './jump-marks';

type ListInput = ChannelParsedInput<'registrations.list'>;

/**
 * Where a page ends: its last row's group and its place in the group's order. Without a search
 * there is one group, in (name, id) order. A search lists the names that start with it first, in
 * (lowered name, id) order (group 0, name-prefix.ts), then its other matches in (name, id) order
 * (group 1).
 */
interface Position {
  group: 0 | 1 | null;
  key: string;
  id: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = ({ group, key, id }: Position) =>
  Buffer.from(JSON.stringify(group === null ? [key, id] : [group, key, id])).toString('base64url');

function decodeCursor(cursor: string, searching: boolean): Position {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const [group, key, id] = parts.length === 2 ? [null, ...parts] : parts;
    const fits = searching ? group === 0 || group === 1 : group === null;
    if (fits && typeof key === 'string' && typeof id === 'string' && uuid.test(id)) {
      return { group: group as Position['group'], key, id };
    }
  } catch {
    // fall through: a cursor this server did not make
  }
  throw invalid('after', 'This page cursor is not one Usher gave out; start from the first page');
}

/** A page's rows by id, each with its group and key, before their details are read. */
interface Hit {
  id: string;
  group: Position['group'];
  key: string;
}

/**
 * A page of an event's attendees, at a cost that does not grow with the event: the total never
 * counts past the cap, and each group's rows come from bounded walks of an index.
 * - A search's names that start with it (group 0) are one range of the lowered-name index: read,
 *   counted and skipped through in the index alone (name-prefix.ts).
 * - Other matches (group 1, and a list filtered by answers) are first gathered through the
 *   trigram index, stopping after the cap: when they are that few, the page is sorted from them.
 *   Otherwise the page walks the event's name index and stops after `limit` matches; common
 *   matches are met at once.
 * - Without a search or answers, the name index is walked and the counters count.
 * The derived columns are worked out for the page's rows only.
 */
export async function listRegistrations(db: Db, input: ListInput): Promise<RegistrationPage> {
  // Each group binds its own parameters: one left unused by a query is an error to PostgreSQL.
  const group = (tag: Position['group'], extra: (bind: Bind) => string[] = () => []): Group => {
    const params: unknown[] = [input.eventId];
    const bind = (value: unknown) => `$${params.push(value)}`;
    // The conditions beyond the event, bare so they can also mark rows instead of filtering them.
    const conditions: string[] = [];
    if (input.status) conditions.push(`r.status = ${bind(input.status)}`);
    if (input.ticketTypeId) {
      conditions.push(`r.ticket_type_id = ${bind(input.ticketTypeId)}::uuid`);
    }
    if (input.answers?.length) conditions.push(answerFilterSql(input.answers, bind));
    return { db, params, tag, conditions: [...conditions, ...extra(bind)] };
  };
  const after = input.after ? decodeCursor(input.after, Boolean(input.search)) : null;
  const wanted = input.limit + 1; // one row more than asked tells whether a next page exists
  const asked: Slice = { after, offset: input.offset, wanted };

  let hits: Hit[];
  let count: Count;
  if (input.search) {
    const { search } = input;
    const range = await prefixRange(db, search);
    const first = group(0, (bind) => [inPrefix(range, bind)]);
    const rest = group(1, (bind) => [
      `((r.attendee_name || ' ' || r.attendee_email) ilike ${bind(likePattern(search))}
         or r.ticket_code = ${bind(normalizeTicketCode(search))})`,
      `not ${inPrefix(range, bind)}`,
    ]);
    const [starting, fromFirst] = await Promise.all([
      countPrefix(first),
      after?.group === 1 ? [] : prefixPage(first, asked),
    ]);
    // Group 1 starts where group 0 ends: after a group-1 cursor, or at the offset past group 0
    // (known from the count unless that stopped at the cap).
    const atStart = after || fromFirst.length > 0;
    const before = atStart
      ? 0
      : starting.capped
        ? await prefixCount(first, input.offset)
        : Math.min(starting.total, input.offset);
    const restSlice: Slice = {
      after: after?.group === 1 ? after : null,
      offset: atStart ? 0 : input.offset - before,
      wanted: wanted - fromFirst.length,
    };
    // Past the cap in group 0 alone, group 1 need not be counted.
    const gathered = starting.capped ? null : await gather(rest, restSlice);
    count = gathered
      ? capped(starting.total + gathered.n)
      : { total: registrationCountCap, capped: true };
    hits = [...fromFirst, ...(await namePage(rest, restSlice, gathered))];
  } else if (input.answers?.length) {
    // Answer filters are counted like a search: the event's counters know nothing of answers.
    const filtered = group(null);
    const gathered = await gather(filtered, asked);
    count = capped(gathered.n);
    hits = await namePage(filtered, asked, gathered);
  } else {
    const all = group(null);
    [hits, count] = await Promise.all([walk(all, asked), countAll(db, input)]);
    // A list long enough to be jumped through gets its marks ready while its top is read.
    if (!after && input.offset === 0 && count.total >= 2 * marksFrom) {
      const { filter, params } = query(all);
      readMarksAhead(db, { filter, params });
    }
  }
  const rows = await pageRows(
    db,
    input.eventId,
    hits.map((hit) => hit.id),
  );
  const last = hits[input.limit - 1];
  return {
    items: rows.slice(0, input.limit),
    total: count.total,
    totalCapped: count.capped,
    limit: input.limit,
    offset: input.offset,
    next: hits.length > input.limit && last ? encodeCursor(last) : null,
  };
}

/** The rows a page is drawn from: the event's, under `conditions` (over `r`), with `params`. */
type Bind = (value: unknown) => string;

/** Which rows of a group's order a page takes: after a cursor or an offset, and how many. */
interface Slice {
  after: Position | null;
  offset: number;
  wanted: number;
}

interface Group {
  db: Db;
  params: unknown[];
  /** The group its rows' cursors name. */
  tag: Position['group'];
  conditions: string[];
}

// Each query binds its own window on a copy of the group's parameters.
function query(group: Group) {
  const params = [...group.params];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const filter = ['r.event_id = $1', ...group.conditions].join(' and ');
  const matches = group.conditions.join(' and ') || 'true';
  return { params, bind, filter, matches };
}

// The name order's keyset and window, over bare column names: the same text serves the gathered
// matches and the table.
function nameWindow(bind: Bind, { after, offset, wanted }: Slice) {
  const keyset = after
    ? `and (attendee_name, id) > (${bind(after.key)}, ${bind(after.id)}::uuid)`
    : '';
  const window = `order by attendee_name, id limit ${bind(wanted)} offset ${bind(offset)}`;
  return { keyset, window };
}

const nameHits = (group: Group, rows: { id: string; attendee_name: string }[]) =>
  rows.map((row): Hit => ({ id: row.id, group: group.tag, key: row.attendee_name }));

async function walk(group: Group, slice: Slice) {
  const { params, bind, filter } = query(group);
  // A jump far down (no cursor): sought from the list's marks when they are current.
  const jumped = slice.after
    ? null
    : await jumpByMarks(group.db, { filter, params }, slice.offset, slice.wanted);
  if (jumped) return nameHits(group, jumped);
  const { keyset, window } = nameWindow(bind, slice);
  const rows = await group.db.many<{ id: string; attendee_name: string }>(
    `select r.id, r.attendee_name from event_registrations r where ${filter} ${keyset} ${window}`,
    params,
  );
  return nameHits(group, rows);
}

interface Gathered {
  /** Matches in all, up to the cap and one more. */
  n: number;
  /** The window's rows, when the matches are within the cap. */
  hits: Hit[];
}

/** The matches, gathered through the trigram index up to the cap: counted, and the window's. */
async function gather(group: Group, slice: Slice): Promise<Gathered> {
  const { params, bind, filter } = query(group);
  const { keyset, window } = nameWindow(bind, slice);
  const row = await group.db.one<{ n: number; rows: { id: string; attendee_name: string }[] }>(
    `with m as materialized (
       select r.id, r.attendee_name from event_registrations r where ${filter}
        limit ${registrationCountCap + 1}
     )
     select (select count(*)::int from m) as n,
            coalesce((select json_agg(w) from (select id, attendee_name from m where true
                        ${keyset} ${window}) w), '[]') as rows`,
    params,
  );
  return { n: row!.n, hits: nameHits(group, row!.rows) };
}

/** A name-ordered page of the group's matches: from the gathered ones if all were, else walked. */
async function namePage(group: Group, slice: Slice, gathered: Gathered | null): Promise<Hit[]> {
  if (slice.wanted <= 0) return [];
  if (gathered && gathered.n <= registrationCountCap) return gathered.hits;
  return (await walkWithin(group, slice)) ?? (await sortMatches(group, slice));
}

// How many rows of the name index a search's page may walk before it sorts its matches instead.
const walkBudget = 20_000;

/**
 * Matches very many: usually spread through the name order, so a walk of the name index meets a
 * page of them at once. But matches may sit together far down the order: past the budget the
 * walk gives up (null) rather than read on.
 */
async function walkWithin(group: Group, slice: Slice): Promise<Hit[] | null> {
  const { params, bind, matches } = query(group);
  const { keyset, window } = nameWindow(bind, slice);
  const rows = await group.db.many<{ id: string; attendee_name: string }>(
    `select id, attendee_name from (
       select r.id, r.attendee_name, ${matches} as hit
         from event_registrations r where r.event_id = $1 ${keyset}
        order by r.attendee_name, r.id limit ${walkBudget}
     ) w where hit ${window}`,
    params,
  );
  return rows.length === slice.wanted ? nameHits(group, rows) : null;
}

/** All the matches after the cursor, found through the trigram index, then sorted. */
async function sortMatches(group: Group, slice: Slice): Promise<Hit[]> {
  const { params, bind, filter } = query(group);
  const { keyset, window } = nameWindow(bind, slice);
  const rows = await group.db.many<{ id: string; attendee_name: string }>(
    `with m as materialized (
       select r.id, r.attendee_name from event_registrations r where ${filter} ${keyset}
     )
     select id, attendee_name from m ${window}`,
    params,
  );
  return nameHits(group, rows);
}

/** Group 0's page: a range of the lowered-name index, in its order. */
async function prefixPage(group: Group, { after, offset, wanted }: Slice): Promise<Hit[]> {
  const { params, bind, filter } = query(group);
  const keyset = after
    ? `and (${prefixKey}, r.id) > (${bind(after.key)}, ${bind(after.id)}::uuid)`
    : '';
  const rows = await group.db.many<{ id: string; key: string }>(
    `select r.id, ${prefixKey} as key from event_registrations r where ${filter} ${keyset}
      order by ${prefixKey}, r.id limit ${bind(wanted)} offset ${bind(offset)}`,
    params,
  );
  return rows.map((row): Hit => ({ id: row.id, group: group.tag, key: row.key }));
}

/** How many names start with the search, counting no further than `upTo`. */
async function prefixCount(group: Group, upTo: number): Promise<number> {
  if (upTo <= 0) return 0;
  const { params, bind, filter } = query(group);
  const row = await group.db.one<{ n: number }>(
    `select count(*)::int as n from (
       select 1 from event_registrations r where ${filter} limit ${bind(upTo)}) m`,
    params,
  );
  return row!.n;
}

const countPrefix = async (group: Group) =>
  capped(await prefixCount(group, registrationCountCap + 1));

/**
 * The page's rows as DTOs, in the order of `ids`. Waitlist places come from one walk of the
 * waitlist up to the page's latest arrival, instead of one count per waitlisted row.
 */
async function pageRows(db: Db, eventId: string, ids: string[]): Promise<RegistrationDto[]> {
  if (ids.length === 0) return [];
  return db.many<RegistrationDto>(
    `with page as (
       select r.id, r.seq, r.status, o.n
         from unnest($2::uuid[]) with ordinality as o(id, n)
         join event_registrations r on r.id = o.id
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
      order by page.n`,
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
