import type { PendingMoves, PendingReports, PointPending } from '@shared/contract/points';
import type { Db, Sql } from '../db/db';

// What door stations hold but have not uploaded, as each last reported it (migration
// 1764380000000): the width of the occupancy range. A station out of reach reports nothing new,
// so its last report stands until it syncs again.

interface Row extends PointPending {
  deviceId: string;
}

const rowsOf = (sql: Sql, eventId: string) =>
  sql.many<Row>(
    `select device_id as "deviceId", point_id as "pointId", entries, exits
       from station_pending where event_id = $1 order by device_id, point_id`,
    [eventId],
  );

/**
 * Replaces a station's report for an event (points not of the event are left out). True when it
 * changed what the server knows: only then do other desktops need telling.
 */
export async function savePendingReport(
  db: Db,
  eventId: string,
  deviceId: string,
  pending: PointPending[],
): Promise<boolean> {
  const totals = new Map<string, { entries: number; exits: number }>();
  for (const { pointId, entries, exits } of pending) {
    const total = totals.get(pointId) ?? { entries: 0, exits: 0 };
    totals.set(pointId, { entries: total.entries + entries, exits: total.exits + exits });
  }
  const kept = [...totals].filter(([, moves]) => moves.entries > 0 || moves.exits > 0);
  return db.tx(async (sql) => {
    const mine = (rows: Row[]) => JSON.stringify(rows.filter((row) => row.deviceId === deviceId));
    const before = mine(await rowsOf(sql, eventId));
    await sql.run('delete from station_pending where event_id = $1 and device_id = $2', [
      eventId,
      deviceId,
    ]);
    if (kept.length > 0) {
      await sql.run(
        `insert into station_pending (event_id, device_id, point_id, entries, exits)
         select $1, $2, p.id, x.entries, x.exits
           from unnest($3::uuid[], $4::int[], $5::int[]) as x (point_id, entries, exits)
           join checkin_points p on p.id = x.point_id and p.event_id = $1`,
        [
          eventId,
          deviceId,
          kept.map(([pointId]) => pointId),
          kept.map(([, moves]) => moves.entries),
          kept.map(([, moves]) => moves.exits),
        ],
      );
    }
    return mine(await rowsOf(sql, eventId)) !== before;
  });
}

/** The event's reports summed per point, leaving out one station's own (it knows its own). */
export async function pendingReportsOf(
  sql: Sql,
  eventId: string,
  exceptDeviceId: string | null = null,
): Promise<PendingReports> {
  const rows = (await rowsOf(sql, eventId)).filter((row) => row.deviceId !== exceptDeviceId);
  const perPoint = new Map<string, PendingMoves & { devices: Set<string> }>();
  for (const row of rows) {
    const point = perPoint.get(row.pointId) ?? {
      entries: 0,
      exits: 0,
      stations: 0,
      devices: new Set<string>(),
    };
    point.entries += row.entries;
    point.exits += row.exits;
    point.devices.add(row.deviceId);
    point.stations = point.devices.size;
    perPoint.set(row.pointId, point);
  }
  return {
    points: [...perPoint].map(([pointId, { entries, exits, stations }]) => ({
      pointId,
      entries,
      exits,
      stations,
    })),
    stations: new Set(rows.map((row) => row.deviceId)).size,
  };
}
