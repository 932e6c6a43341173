import type { CheckInPointDto, Direction, PendingReports } from '@shared/contract/points';
import type { StationOccupancy } from '@shared/contract/scanner';
import { NEARLY_FULL, noPending } from '../../checkin-points/occupancy';

// People inside as a station knows it: the moves in its file (the server's as pulled, its own
// pending ones), with what other stations reported holding as the width of a range.

/** Standing moves of one kind at one point; a point of null is the event's first. */
export interface MoveCount {
  pointId: string | null;
  direction: Direction;
  n: number;
}

export function occupancyAt(
  points: CheckInPointDto[],
  moves: MoveCount[],
  reported: PendingReports | null,
): StationOccupancy {
  const first = points[0]?.id;
  const inside = new Map<string | undefined, number>();
  for (const move of moves) {
    const pointId = move.pointId ?? first;
    inside.set(pointId, (inside.get(pointId) ?? 0) + (move.direction === 'in' ? move.n : -move.n));
  }
  const perPoint = points.map((point) => {
    const here = inside.get(point.id) ?? 0;
    const report = reported?.points.find((p) => p.pointId === point.id);
    const pendingElsewhere = report
      ? { entries: report.entries, exits: report.exits, stations: report.stations }
      : noPending;
    return {
      pointId: point.id,
      inside: here,
      capacity: point.capacity,
      // Warned on the range's high end: the safety officer would rather know early.
      nearlyFull:
        point.capacity !== null && here + pendingElsewhere.entries >= point.capacity * NEARLY_FULL,
      pendingElsewhere,
    };
  });
  const sum = (key: 'entries' | 'exits') =>
    (reported?.points ?? []).reduce((total, point) => total + point[key], 0);
  return {
    points: perPoint,
    inside: [...inside.values()].reduce((total, n) => total + n, 0),
    pendingElsewhere: {
      entries: sum('entries'),
      exits: sum('exits'),
      stations: reported?.stations ?? 0,
    },
  };
}
