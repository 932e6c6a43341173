import type { DoorAttendee, SnapshotCheckIn } from '@shared/contract/door';
import type { Sql } from '../../db/db';
import { checkInColumns, standingCheckInsOf } from '../../checkins/checkin-sql';
import { doorAnswersIfAsked } from '../../questions/door-answers';

/*
 * A snapshot pass (a first download) sends every registration of the event once, in the order of
 * the (event_id, status, seq) index: seq follows the order rows were written, so a page reads the
 * table's pages one after another. The change index's order (change_xid, id) is random within a
 * transaction (an import writes thousands of rows in one), and a page read in it visited a table
 * page per row: 5-10 times the time at a million attendees, where the table outgrows the cache.
 *
 * Any order that never revisits a key serves the pass: a registration changed after the pass's
 * snapshot was noted (so moved in this order, or not) is sent again by the next pass, which sends
 * every row that snapshot did not see (handlers.ts).
 *
 * door.snapshot sends the event's check-ins apart, after the last registration, in one walk of
 * the (event_id, seq) index (walkCheckIns): looking up each page's check-ins by registration cost
 * three quarters of the page's time. door.changes, which a device applies attendee by attendee,
 * gets each page's check-ins with their attendees, in one walk of the index for the page. Door
 * answers are looked for only when the event asks any: a subquery per row spent most of the
 * page's time finding nothing (most attendees have neither).
 */

/** Where a snapshot walk stands: the last registration sent, by its place in the walk's order. */
export interface WalkPosition {
  status: string;
  seq: string;
}

export const walkStart: WalkPosition = { status: '', seq: '0' };

/**
 * Up to `limit` registrations after `from`, with their check-ins or none (`withCheckIns`), and
 * where the walk stands after them (null: done).
 */
export async function walkRegistrations(
  sql: Sql,
  eventId: string,
  from: WalkPosition,
  limit: number,
  withCheckIns: boolean,
): Promise<{ attendees: DoorAttendee[]; last: WalkPosition | null }> {
  const rows = withCheckIns
    ? await pageWithCheckIns(sql, eventId, from, limit + 1)
    : await pageAlone(sql, eventId, from, limit + 1);
  const done = rows.length <= limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    // Built field by field: a rest pattern per row (to leave seq out) took seconds at a million.
    attendees: page.map((row) => ({
      id: row.id,
      eventId,
      ticketCode: row.ticketCode,
      name: row.name,
      email: row.email,
      status: row.status,
      ticketTypeId: row.ticketTypeId,
      ticketType: row.ticketType,
      // Most have neither: no JSON to parse for them.
      checkIns: row.checkIns ?? [],
      doorAnswers: row.doorAnswers ?? [],
    })),
    last: done || !last ? null : { status: last.status, seq: last.seq },
  };
}

type Row = Omit<DoorAttendee, 'eventId' | 'checkIns' | 'doorAnswers'> & {
  seq: string;
  checkIns?: DoorAttendee['checkIns'] | null;
  doorAnswers: DoorAttendee['doorAnswers'] | null;
};

/*
 * Each column of each row is a string the driver builds, and a million rows' worth was most of
 * the server's JavaScript: a row carries what differs between registrations, not its event's id.
 * The ticket type's name comes by a join (a few types per event), not a subquery per row.
 */
const walkedColumns = `r.seq::text as seq, r.id, r.ticket_code as "ticketCode",
  r.attendee_name as name, r.attendee_email as email, r.status,
  r.ticket_type_id as "ticketTypeId", t.name as "ticketType",
  ${doorAnswersIfAsked('$1')} as "doorAnswers"`;

/** A snapshot's page: the walk's rows straight from its index, nothing else per row. */
const pageAlone = (sql: Sql, eventId: string, from: WalkPosition, limit: number) =>
  sql.many<Row>(
    `select ${walkedColumns}
       from event_registrations r join ticket_types t on t.id = r.ticket_type_id
      where r.event_id = $1 and (r.status, r.seq) > ($2::text, $3::bigint)
      order by r.status, r.seq limit $4`,
    [eventId, from.status, from.seq, limit],
  );

/** A page for door.changes: each registration with its check-ins, found in one index walk. */
const pageWithCheckIns = (sql: Sql, eventId: string, from: WalkPosition, limit: number) =>
  sql.many<Row>(
    `with page as materialized (
       select r.* from event_registrations r
        where r.event_id = $1 and (r.status, r.seq) > ($2::text, $3::bigint)
        order by r.status, r.seq limit $4),
     checked as (${standingCheckInsOf('array(select id from page)')})
     select ${walkedColumns}, c.list as "checkIns"
       from page r join ticket_types t on t.id = r.ticket_type_id
            left join checked c on c.registration_id = r.id
      order by r.status, r.seq`,
    [eventId, from.status, from.seq, limit],
  );

/** Up to `limit` standing check-ins of the event after seq `from`, and the last one's seq. */
export async function walkCheckIns(
  sql: Sql,
  eventId: string,
  from: string,
  limit: number,
): Promise<{ checkIns: SnapshotCheckIn[]; last: string | null }> {
  const rows = await sql.many<SnapshotCheckIn & { seq: string }>(
    `select c.seq::text as seq, c.registration_id as "registrationId", ${checkInColumns}
       from check_ins c left join users u on u.id = c.staff_user_id
      where c.event_id = $1 and c.seq > $2::bigint and c.reverted_at is null
      order by c.seq limit $3`,
    [eventId, from, limit + 1],
  );
  const done = rows.length <= limit;
  const page = rows.slice(0, limit);
  return {
    checkIns: page.map(({ seq: _seq, ...checkIn }) => checkIn),
    last: done ? null : page.at(-1)!.seq,
  };
}
