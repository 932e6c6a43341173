import type { DoorEvent, DoorPage } from '@shared/contract/door';
import type { Db } from '../db/db';
import type { CoreDeps } from '../deps';
import { notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import { isoUtc } from '../sql-format';
import { attendeesByIds } from './checkins-sql';
import { checkinsHandlers } from './checkins';

/*
 * The change cursor. A timestamp or a sequence taken while writing cannot serve: a transaction
 * that took its value first may commit last, after a device has already read past that value,
 * and its row would never be sent. Instead every write stamps the row with its transaction id (a
 * trigger sets change_xid = pg_current_xact_id() on event_registrations and on check_ins), and a
 * pass of pages walks the keys (change_xid, registration id) of both tables, merged in order,
 * from a floor. Before the first page of a pass the server notes the xmin of its current
 * snapshot: every transaction with a smaller id has finished, so its rows are visible to all of
 * this pass's pages; every transaction not yet visible has an id at or above that xmin. The next
 * pass starts there. A registration may be sent twice (a long transaction holds the floor back;
 * a row rewritten mid-pass moves ahead) but never missed, and devices apply it idempotently. Each
 * page reads later than the one before, so a registration never goes back to an older state.
 *
 * The cursor text is "<xid>.<id>" (start of a pass) or "<xid>.<id>.<floor>" (mid-pass).
 */
interface Position {
  xid: string;
  id: string;
  /** Where the next pass starts; noted before the first page of this one. */
  floor: string | null;
}

const NIL_ID = '00000000-0000-0000-0000-000000000000';
const fromStart: Position = { xid: '0', id: NIL_ID, floor: null };

function parseCursor(cursor: string): Position {
  const [xid = '0', id = NIL_ID, floor = null] = cursor.split('.');
  return { xid, id, floor };
}

const formatCursor = (p: Position) => [p.xid, p.id, ...(p.floor ? [p.floor] : [])].join('.');

async function readPage(db: Db, eventId: string, from: Position, limit: number): Promise<DoorPage> {
  const floor =
    from.floor ??
    (await db.one<{ xmin: string }>(
      'select pg_snapshot_xmin(pg_current_snapshot())::text as xmin',
    ))!.xmin;
  // Each branch walks its own (event_id, change_xid, ...) index; the merge keeps the first keys.
  const keys = await db.many<{ xid: string; id: string }>(
    `(select r.change_xid::text as xid, r.id from event_registrations r
       where r.event_id = $1 and (r.change_xid, r.id) > ($2::xid8, $3::uuid)
       order by r.change_xid, r.id limit $4)
     union all
     (select c.change_xid::text, c.registration_id from check_ins c
       where c.event_id = $1 and (c.change_xid, c.registration_id) > ($2::xid8, $3::uuid)
       order by c.change_xid, c.registration_id limit $4)
     order by 1, 2
     limit $4`,
    [eventId, from.xid, from.id, limit + 1],
  );
  const done = keys.length <= limit;
  const page = keys.slice(0, limit);
  const last = page.at(-1);
  const next: Position =
    done || !last ? { xid: floor, id: NIL_ID, floor: null } : { xid: last.xid, id: last.id, floor };
  return {
    attendees: await attendeesByIds(db, [...new Set(page.map((key) => key.id))]),
    cursor: formatCursor(next),
    done,
  };
}

async function doorEvent(db: Db, eventId: string): Promise<DoorEvent> {
  const event = await db.one<DoorEvent>(
    `select id, title, location, ${isoUtc('starts_at')} as "startsAt", ${isoUtc('ends_at')} as "endsAt",
            time_zone as "timeZone", status
       from events where id = $1`,
    [eventId],
  );
  if (!event) throw notFound('That event');
  return event;
}

export function doorHandlers(deps: CoreDeps): DomainHandlers<'door'> & DomainHandlers<'checkins'> {
  const { db } = deps;
  return {
    'door.snapshot': async (input) => {
      const event = await doorEvent(db, input.eventId);
      const total = await db.one<{ n: number }>(
        'select count(*)::int as n from event_registrations where event_id = $1',
        [input.eventId],
      );
      const page = await readPage(
        db,
        input.eventId,
        input.cursor ? parseCursor(input.cursor) : fromStart,
        input.limit,
      );
      return { ...page, event, total: total?.n ?? 0 };
    },

    'door.changes': async (input) => {
      await doorEvent(db, input.eventId);
      return readPage(db, input.eventId, parseCursor(input.cursor), input.limit);
    },

    ...checkinsHandlers(deps),
  };
}
