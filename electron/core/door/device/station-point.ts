import type { CheckInPointDto, Direction } from '@shared/contract/points';
import type { ScannerCheckIn } from '@shared/contract/scanner';
import { invalid, notFound } from '../../errors';
import type { Replica } from './replica';

// The check-in point this desktop stands at and which way it scans: chosen by staff, kept in the
// device file's meta so a restart reopens the door as it was.

const STATION_POINT_META = 'station_point';

interface Chosen {
  eventId: string;
  pointId: string;
  direction: Direction;
}

export interface StationPoint {
  /**
   * null only while the file holds none of the event's points (an older server sent none): the
   * station then decides as before points, one entry per ticket, at the event's first point.
   */
  point: CheckInPointDto | null;
  points: CheckInPointDto[];
  direction: Direction;
}

/** The point chosen for `eventId`, else the event's first, scanning in. */
export function stationPointOf(replica: Replica, eventId: string): StationPoint {
  const points = replica.points(eventId);
  const saved = replica.getMeta(STATION_POINT_META);
  const chosen = saved ? (JSON.parse(saved) as Chosen) : null;
  const mine = chosen?.eventId === eventId ? chosen : null;
  const point = points.find((p) => p.id === mine?.pointId) ?? points[0] ?? null;
  // A point that no longer records exits (edited on the server) turns the station back to "in".
  const direction = mine?.pointId === point?.id && point?.recordsExits ? mine!.direction : 'in';
  return { point, points, direction };
}

export function chooseStationPoint(
  replica: Replica,
  eventId: string,
  pointId: string,
  direction: Direction,
) {
  const point = replica.points(eventId).find((p) => p.id === pointId);
  if (!point) throw notFound('That check-in point of this event');
  if (direction === 'out' && !point.recordsExits) {
    throw invalid('direction', `${point.name} records no exits: it only checks people in`);
  }
  const chosen: Chosen = { eventId, pointId, direction };
  replica.setMeta(STATION_POINT_META, JSON.stringify(chosen));
}

/** A ticket's standing moves at `point` (one naming none is at the event's first). */
export function movesAt(moves: ScannerCheckIn[], at: StationPoint): ScannerCheckIn[] {
  if (!at.point) return moves;
  const first = at.points[0]?.id;
  return moves.filter((move) => (move.pointId ?? first) === at.point!.id);
}

/**
 * The entry that stands at a point: where exits are recorded, the one that brought them in (if
 * they are inside); elsewhere the first, which counts.
 */
export function standingEntry(
  here: ScannerCheckIn[],
  point: CheckInPointDto | null,
): ScannerCheckIn | null {
  if (point?.recordsExits) {
    const last = here.at(-1);
    return last?.direction === 'in' ? last : null;
  }
  return here.find((move) => move.direction === 'in') ?? null;
}
