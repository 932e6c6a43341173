import type { Occupancy, PendingMoves, PointOccupancy } from '@shared/contract/points';
import type { Sql } from '../db/db';
import { pendingReportsOf } from './pending-reports';

/** A point is "nearly full" from this share of its capacity: the door is warned before the end. */
export const NEARLY_FULL = 0.9;

/**
 * The check-ins of event $1 that move people, as `moves` (point_id, entry, exit, scanned_at):
 * undone ones left out, check-ins that name no point at the event's first point, and an entry of
 * someone already inside (accepted offline, flagged) no new person. Occupancy and the door's
 * hourly activity (activity.ts) both count from it.
 */
export const standingMoves = `
  first_point as (select id from checkin_points where event_id = $1 order by position, id limit 1),
  moves as (
    select coalesce(c.point_id, (select id from first_point)) as point_id,
           c.direction = 'in' and c.forced_reason is distinct from 'already_checked_in' as entry,
           c.direction = 'out' as exit,
           c.scanned_at
      from check_ins c
     where c.event_id = $1 and c.reverted_at is null)`;

/**
 * Entries and exits standing at each of the event's points (undone ones, and second entries of
 * someone already inside, left out); inside is their difference.
 * One pass over the event's check-ins, grouped by point.
 */
export async function occupancyOf(sql: Sql, eventId: string): Promise<Occupancy> {
  const [rows, reports] = await Promise.all([
    sql.many<Omit<PointOccupancy, 'inside' | 'nearlyFull' | 'pending'>>(
      `with ${standingMoves},
            per_point as (
              select point_id, count(*) filter (where entry)::int as entries,
                     count(*) filter (where exit)::int as exits
                from moves group by 1)
       select p.id as "pointId", p.name, p.capacity,
              coalesce(m.entries, 0) as entries, coalesce(m.exits, 0) as exits
         from checkin_points p left join per_point m on m.point_id = p.id
        where p.event_id = $1
        order by p.position, p.id`,
      [eventId],
    ),
    pendingReportsOf(sql, eventId),
  ]);
  const points = rows.map((row): PointOccupancy => {
    const inside = row.entries - row.exits;
    const found = reports.points.find((point) => point.pointId === row.pointId);
    const pending = found
      ? { entries: found.entries, exits: found.exits, stations: found.stations }
      : noPending;
    return {
      ...row,
      inside,
      // On the range's high end: a safety warning had better come early than late.
      nearlyFull: row.capacity !== null && inside + pending.entries >= row.capacity * NEARLY_FULL,
      pending,
    };
  });
  const sum = (key: 'entries' | 'exits' | 'inside') =>
    points.reduce((total, point) => total + point[key], 0);
  const pendingSum = (key: 'entries' | 'exits') =>
    points.reduce((total, point) => total + point.pending[key], 0);
  return {
    eventId,
    points,
    entries: sum('entries'),
    exits: sum('exits'),
    inside: sum('inside'),
    pending: {
      entries: pendingSum('entries'),
      exits: pendingSum('exits'),
      stations: reports.stations,
    },
  };
}

export const noPending: PendingMoves = { entries: 0, exits: 0, stations: 0 };
