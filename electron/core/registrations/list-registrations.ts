import { registrationCountCap, type RegistrationPage } from '@shared/contract/registrations';
import type { ChannelParsedInput } from '@shared/contract';
import type { RegistrationDto } from '@shared/domain';
import type { Db } from '../db/db';
import { invalid } from '../errors';
import { likePattern } from '../sql-format';
import { registrationColumns } from './registration-sql';

type ListInput = ChannelParsedInput<'registrations.list'>;

/** The keyset position after a row: its name and id, the table's order. */
interface Position {
  name: string;
  id: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const encodeCursor = (p: Position) =>
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
 * A page of an event's attendees in (name, id) order. The page walks the event's name index
 * from the cursor (or the offset) and stops after `limit` matches; the derived columns (waitlist
 * place, check-in time) are worked out for the page's rows only; the total never counts more
 * than the cap. So a page costs the same at any depth of a million attendees, with or without a
 * search (a search's cost grows only as its matches get rarer).
 */
export async function listRegistrations(db: Db, input: ListInput): Promise<RegistrationPage> {
  const params: unknown[] = [input.eventId];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const where = ['r.event_id = $1'];
  if (input.status) where.push(`r.status = ${bind(input.status)}`);
  if (input.search) {
    where.push(
      `((r.attendee_name || ' ' || r.attendee_email) ilike ${bind(likePattern(input.search))}
         or r.ticket_code = ${bind(input.search.toUpperCase())})`,
    );
  }
  const filter = where.join(' and ');
  const countParams = [...params];
  if (input.after) {
    const after = decodeCursor(input.after);
    where.push(`(r.attendee_name, r.id) > (${bind(after.name)}, ${bind(after.id)}::uuid)`);
  }
  // One row more than asked tells whether a next page exists without counting.
  const rows = await db.many<RegistrationDto>(
    `with page as (
       select r.id from event_registrations r where ${where.join(' and ')}
        order by r.attendee_name, r.id
        limit ${bind(input.limit + 1)} offset ${bind(input.offset)}
     )
     select ${registrationColumns}
       from page join event_registrations r on r.id = page.id
      order by r.attendee_name, r.id`,
    params,
  );
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const { total, capped } = await countMatches(db, input, filter, countParams);
  return {
    items,
    total,
    totalCapped: capped,
    limit: input.limit,
    offset: input.offset,
    next: more && last ? encodeCursor({ name: last.attendeeName, id: last.id }) : null,
  };
}

/**
 * Registered and waitlisted attendees are counted exactly by the event's own counters, kept in
 * the same transaction as every registration; cancelled ones and a search's matches are counted
 * up to the cap, which stops the count early instead of visiting every match.
 */
async function countMatches(
  db: Db,
  input: ListInput,
  filter: string,
  params: unknown[],
): Promise<{ total: number; capped: boolean }> {
  const capped = (sql: string) =>
    `(select count(*)::int from (select 1 from event_registrations r where ${sql}
       limit ${registrationCountCap + 1}) m)`;
  if (input.search) {
    const row = await db.one<{ n: number }>(`select ${capped(filter)} as n`, params);
    return clamp(row?.n ?? 0);
  }
  const row = await db.one<{ registered: number; waitlisted: number; cancelled: number }>(
    `select e.registered_count as registered, e.waitlisted_count as waitlisted,
            ${capped("r.event_id = $1 and r.status = 'cancelled'")} as cancelled
       from events e where e.id = $1`,
    [input.eventId],
  );
  if (!row) return { total: 0, capped: false };
  const cancelled = clamp(row.cancelled);
  if (input.status === 'registered') return { total: row.registered, capped: false };
  if (input.status === 'waitlisted') return { total: row.waitlisted, capped: false };
  if (input.status === 'cancelled') return cancelled;
  return { total: row.registered + row.waitlisted + cancelled.total, capped: cancelled.capped };
}

const clamp = (n: number) =>
  n > registrationCountCap
    ? { total: registrationCountCap, capped: true }
    : { total: n, capped: false };
