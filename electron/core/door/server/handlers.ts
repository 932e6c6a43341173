import type { DoorEvent, DoorPage, SnapshotCheckIn } from '@shared/contract/door';
import type { Db } from '../../db/db';
import type { CoreDeps } from '../../deps';
import { notFound } from '../../errors';
import type { DomainHandlers } from '../../handlers';
import { isoUtc } from '../../sql-format';
import { attendeesByIds } from '../../checkins/checkin-sql';
import { assertSeesAttendees } from '../../events/event-sql';
import { pageFor } from '../../door-staff/steward-limits';
import { pointsOfEvent } from '../../checkin-points/point-sql';
import { walkInDeskOf } from '../../walk-ins/desk';
import { stationBadgeLayout } from '../../badges/layout';
import { walkCheckIns, walkRegistrations, walkStart, type WalkPosition } from './snapshot-page';

/*
 * The change cursor. A timestamp or a sequence taken while writing cannot serve: a transaction
 * that took its value first may commit last, after a device has already read past that value,
 * and its row would never be sent. Instead every write stamps the row with its transaction id (a
 * trigger sets change_xid = pg_current_xact_id() on event_registrations and on check_ins), and a
 * pass of pages walks the keys (change_xid, registration id) of both tables, merged in order.
 *
 * Before a pass's first page the server notes its current snapshot (pg_current_snapshot()). Every
 * transaction visible in it has committed, so all its rows are visible to the pages that follow
 * and are sent by this pass. The next pass sends only rows whose transaction that snapshot did
 * not see: ones still running then (however early their ids) and all later ones. So nothing is
 * missed, and a long transaction elsewhere on the server does not make devices download
 * everything again (as a bare "xid >= xmin" floor would). A registration may still be sent twice
 * (rewritten mid-pass), and devices apply it idempotently. Each page reads later than the one
 * before, so a registration never goes back to an older state.
 *
 * On that first pass (a snapshot: nothing seen yet) the registrations are walked in the order
 * they were written rather than by change (snapshot-page.ts), each sent once; door.changes sends
 * each with its check-ins, door.snapshot sends the event's standing check-ins after the last of
 * them, in one walk of their own. A check-in (or revert) committed too late for the pass's walk is
 * not visible in the pass's snapshot, so the next pass sends it with its registration. Walking
 * the check-ins' change index too would send every checked-in attendee twice.
 *
 * Cursor text: "<xid>.<id>.<seen>.<next>.<total>[.<status>]" where seen and next are pg_snapshot
 * texts ("" if none) and total is the attendee count the snapshot's first page counted, for its
 * progress bar. On a snapshot pass a sixth part is the last status sent and `xid` holds that
 * registration's seq (the walk's key); a snapshot cursor without it walks from the start. After
 * the registrations, door.snapshot walks the event's check-ins: the sixth part is `checkins` and
 * `xid` the last one's seq.
 */
interface Position {
  xid: string;
  id: string;
  /** Transactions visible in this snapshot were sent by an earlier pass; null on the first. */
  seen: string | null;
  /** Noted before this pass's first page: the next pass's `seen`. */
  next: string | null;
  /** The snapshot's attendee count, counted once on its first page. */
  total: number | null;
  /** On a snapshot pass: the status of the last registration sent (its seq is in `xid`). */
  status: string | null;
}

const NIL_ID = '00000000-0000-0000-0000-000000000000';
/** The sixth part of a snapshot cursor once its registrations are sent (no status is spelt so). */
const CHECK_IN_WALK = 'checkins';
const fromStart: Position = {
  xid: '0',
  id: NIL_ID,
  seen: null,
  next: null,
  total: null,
  status: null,
};

function parseCursor(cursor: string): Position {
  const [xid = '0', id = NIL_ID, seen = '', next = '', total = '', status = ''] = cursor.split('.');
  return {
    xid,
    id,
    seen: seen || null,
    next: next || null,
    total: /^\d+$/.test(total) ? Number(total) : null,
    status: status || null,
  };
}

const formatCursor = (p: Position) =>
  [p.xid, p.id, p.seen ?? '', p.next ?? '', p.total ?? '', ...(p.status ? [p.status] : [])].join(
    '.',
  );

/** door.snapshot's pages send check-ins apart from their attendees; door.changes' do not. */
type Reader = 'snapshot' | 'changes';

/**
 * Attendees changed since `from`, with what else a station needs as it is now: the event's
 * check-in points, the walk-in form (types and door-visible questions) and the badge layout.
 */
async function readPage(
  db: Db,
  eventId: string,
  from: Position,
  limit: number,
  reader: Reader,
): Promise<DoorPage & { checkIns?: SnapshotCheckIn[] }> {
  // Two connections at most, as before: the set-up's small reads go one after another.
  const [page, setup] = await Promise.all([
    readAttendees(db, eventId, from, limit, reader),
    (async () => ({
      points: await pointsOfEvent(db, eventId),
      walkInDesk: await walkInDeskOf(db, eventId),
      badgeLayout: await stationBadgeLayout(db, eventId),
    }))(),
  ]);
  return { ...page, ...setup };
}

type AttendeesPage = Omit<DoorPage, 'points'> & { checkIns?: SnapshotCheckIn[] };

async function readAttendees(
  db: Db,
  eventId: string,
  from: Position,
  limit: number,
  reader: Reader,
): Promise<AttendeesPage> {
  const next =
    from.next ??
    (await db.one<{ snapshot: string }>('select pg_current_snapshot()::text as snapshot'))!
      .snapshot;
  if (from.seen === null) return readSnapshotPage(db, eventId, from, next, limit, reader);
  // Each branch walks its own (event_id, change_xid, ...) index; the merge keeps the first keys.
  const unseen = (column: string) =>
    `($5::pg_snapshot is null or not pg_visible_in_snapshot(${column}, $5::pg_snapshot))`;
  const keys = await db.many<{ xid: string; id: string }>(
    `(select r.change_xid::text as xid, r.id from event_registrations r
       where r.event_id = $1 and (r.change_xid, r.id) > ($2::xid8, $3::uuid)
         and ${unseen('r.change_xid')}
       order by r.change_xid, r.id limit $4)
     union all
     (select c.change_xid::text, c.registration_id from check_ins c
       where c.event_id = $1 and (c.change_xid, c.registration_id) > ($2::xid8, $3::uuid)
         and ${unseen('c.change_xid')}
       order by c.change_xid, c.registration_id limit $4)
     order by 1, 2
     limit $4`,
    [eventId, from.xid, from.id, limit + 1, from.seen],
  );
  const done = keys.length <= limit;
  const page = keys.slice(0, limit);
  return {
    attendees: await attendeesByIds(db, [...new Set(page.map((key) => key.id))]),
    cursor: formatCursor(after(from, next, done ? null : page.at(-1))),
    done,
  };
}

/** A snapshot's page: registrations (see above), then for door.snapshot their check-ins. */
async function readSnapshotPage(
  db: Db,
  eventId: string,
  from: Position,
  next: string,
  limit: number,
  reader: Reader,
): Promise<AttendeesPage> {
  const walkAt = (xid: string, status: string): Position => ({
    ...from,
    xid,
    id: NIL_ID,
    next,
    status,
  });
  if (from.status === CHECK_IN_WALK) {
    // door.changes sent each attendee's check-ins with it: nothing is left to walk.
    if (reader === 'changes')
      return { attendees: [], cursor: formatCursor(nextPass(next)), done: true };
    const { checkIns, last } = await walkCheckIns(db, eventId, from.xid, limit);
    const position = last ? walkAt(last, CHECK_IN_WALK) : nextPass(next);
    return { attendees: [], checkIns, cursor: formatCursor(position), done: !last };
  }
  const at: WalkPosition = from.status ? { status: from.status, seq: from.xid } : walkStart;
  const { attendees, last } = await walkRegistrations(db, eventId, at, limit, reader === 'changes');
  if (last) return { attendees, cursor: formatCursor(walkAt(last.seq, last.status)), done: false };
  if (reader === 'changes') return { attendees, cursor: formatCursor(nextPass(next)), done: true };
  return { attendees, cursor: formatCursor(walkAt('0', CHECK_IN_WALK)), done: false };
}

/** Where the pass continues: after the page's last key, or (done) on the next pass. */
function after(from: Position, next: string, last: { xid: string; id: string } | null | undefined) {
  return last ? { ...from, xid: last.xid, id: last.id, next } : nextPass(next);
}

// Nothing below the snapshot's xmin can be unseen by it.
const nextPass = (next: string): Position => ({
  xid: next.split(':')[0]!,
  id: NIL_ID,
  seen: next,
  next: null,
  total: null,
  status: null,
});

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

export function doorHandlers(deps: CoreDeps): DomainHandlers<'door'> {
  const { db } = deps;
  return {
    'door.snapshot': async (input, { user }) => {
      // The caller's access is checked before anything of the event is read: a door login that
      // may not see it costs the server no page. (Reading the page meanwhile would save three
      // round trips a page, about 0.3 s of a million-attendee prepare.)
      await assertSeesAttendees(db, user, input.eventId);
      const event = await doorEvent(db, input.eventId);
      const from = input.cursor ? parseCursor(input.cursor) : fromStart;
      // Counted once per snapshot, not per page: a count of a million rows costs ~90 ms.
      const total =
        from.total ??
        (await db.one<{ n: number }>(
          'select count(*)::int as n from event_registrations where event_id = $1',
          [input.eventId],
        ))!.n;
      const page = await readPage(db, input.eventId, { ...from, total }, input.limit, 'snapshot');
      return pageFor(user, { ...page, event, total });
    },

    'door.changes': async (input, { user }) => {
      await assertSeesAttendees(db, user, input.eventId);
      return pageFor(
        user,
        await readPage(db, input.eventId, parseCursor(input.cursor), input.limit, 'changes'),
      );
    },
  };
}
