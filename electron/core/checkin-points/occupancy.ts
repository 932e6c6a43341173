import type { Occupancy, PointOccupancy } from '@shared/contract/points';
import type { Sql } from '../db/db';

/** A point is "nearly full" from this share of its capacity: the door is warned before the end. */
export const NEARLY_FULL = 0.9;

/**
 * Entries and exits standing at each of the event's points (undone ones, and second entries of
 * someone already inside, left out); inside is their difference. One pass over the event's check-ins, grouped by point.
 */
export async function occupancyOf(sql: Sql, eventId: string): Promise<Occupancy> {
  const rows = await sql.many<Omit<PointOccupancy, 'inside' | 'nearlyFull'>>(
    `with first as (select id from checkin_points where event_id = $1 order by position, id limit 1),
          moves as (
            select coalesce(c.point_id, (select id from first)) as point_id,
                   -- An entry of someone already in (accepted offline, flagged) is no new person.
                   count(*) filter (where c.direction = 'in'
                                      and c.forced_reason is distinct from 'already_checked_in')::int
                     as entries,
                   count(*) filter (where c.direction = 'out')::int as exits
              from check_ins c
             where c.event_id = $1 and c.reverted_at is null
             group by 1)
     select p.id as "pointId", p.name, p.capacity,
            coalesce(m.entries, 0) as entries, coalesce(m.exits, 0) as exits
       from checkin_points p left join moves m on m.point_id = p.id
      where p.event_id = $1
      order by p.position, p.id`,
    [eventId],
  );
  const points = rows.map((row): PointOccupancy => {
    const inside = row.entries - row.exits;
    return {
      ...row,
      inside,
      nearlyFull: row.capacity !== null && inside >= row.capacity * NEARLY_FULL,
    };
  });
  const sum = (key: 'entries' | 'exits' | 'inside') =>
    points.reduce((total, point) => total + point[key], 0);
  return { eventId, points, entries: sum('entries'), exits: sum('exits'), inside: sum('inside') };
}
