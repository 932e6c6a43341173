import type { DoorAttendee } from '@shared/contract/door';
import type { Sql } from '../../db/db';
import { bareAttendeeColumns, standingCheckInsOf } from '../../checkins/checkin-sql';
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
 * Check-ins come for the whole page in one walk of their index, and door answers are looked for
 * only when the event asks any: a subquery per row spent most of the page's time finding nothing
 * (most attendees have neither).
 */

/** Where a snapshot walk stands: the last registration sent, by its place in the walk's order. */
export interface WalkPosition {
  status: string;
  seq: string;
}

export const walkStart: WalkPosition = { status: '', seq: '0' };

type Row = Omit<DoorAttendee, 'checkIns' | 'doorAnswers'> & {
  seq: string;
  checkIns: DoorAttendee['checkIns'] | null;
  doorAnswers: DoorAttendee['doorAnswers'] | null;
};

/** Up to `limit` registrations after `from`, and where the walk stands after them (null: done). */
export async function walkRegistrations(
  sql: Sql,
  eventId: string,
  from: WalkPosition,
  limit: number,
): Promise<{ attendees: DoorAttendee[]; last: WalkPosition | null }> {
  const rows = await sql.many<Row>(
    `with page as materialized (
       select r.seq, r.ticket_type_id, ${bareAttendeeColumns}
         from event_registrations r
        where r.event_id = $1 and (r.status, r.seq) > ($2::text, $3::bigint)
        order by r.status, r.seq limit $4),
     checked as (${standingCheckInsOf('array(select id from page)')})
     select r.seq::text as seq, r.id, r."eventId", r."ticketCode", r.name, r.email, r.status,
            r."ticketTypeId", r."ticketType", c.list as "checkIns",
            ${doorAnswersIfAsked('$1')} as "doorAnswers"
       from page r left join checked c on c.registration_id = r.id
      order by r.status, r.seq`,
    [eventId, from.status, from.seq, limit + 1],
  );
  const done = rows.length <= limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    // Built field by field: a rest pattern per row (to leave seq out) took seconds at a million.
    attendees: page.map((row) => ({
      id: row.id,
      eventId: row.eventId,
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
