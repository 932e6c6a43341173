import type { DoorActivity } from '@shared/contract/points';
import type { Sql } from '../db/db';
import { standingMoves } from './occupancy';

/**
 * The door's day in numbers: entries and exits per point per wall-clock hour in the event's zone,
 * people inside after each of those hours (all points), and the seated attendees not in yet.
 * Counted from the same check-ins as occupancy, so the last hour's "inside" is today's total.
 */
export async function doorActivityOf(sql: Sql, eventId: string): Promise<DoorActivity> {
  const row = await sql.one<Omit<DoorActivity, 'insideAfterHour'>>(
    `with ${standingMoves},
          per_hour as (
            select to_char(date_trunc('hour', m.scanned_at at time zone ev.time_zone),
                           'YYYY-MM-DD"T"HH24:00') as hour,
                   m.point_id, count(*) filter (where m.entry)::int as entries,
                   count(*) filter (where m.exit)::int as exits
              from moves m, events ev where ev.id = $1
             group by 1, 2)
     select ev.time_zone as "timeZone",
            (select coalesce(json_agg(json_build_object('hour', h.hour, 'pointId', h.point_id,
                                                        'entries', h.entries, 'exits', h.exits)
                                      order by h.hour, h.point_id), '[]')
               from per_hour h) as hours,
            -- Seated and not yet in anywhere: who the door is still waiting for.
            (select count(*)::int from event_registrations r
              where r.event_id = $1 and r.status = 'registered'
                and not exists (select 1 from check_ins c
                                 where c.registration_id = r.id and c.reverted_at is null
                                   and c.direction = 'in')) as "notYetIn"
       from events ev where ev.id = $1`,
    [eventId],
  );
  if (!row) return { timeZone: 'UTC', hours: [], insideAfterHour: [], notYetIn: 0 };
  const insideAfterHour: DoorActivity['insideAfterHour'] = [];
  let inside = 0;
  for (const { hour, entries, exits } of row.hours) {
    inside += entries - exits;
    const last = insideAfterHour.at(-1);
    if (last?.hour === hour) last.inside = inside;
    else insideAfterHour.push({ hour, inside });
  }
  return { ...row, insideAfterHour };
}
