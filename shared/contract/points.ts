import { z } from 'zod';
import { defineChannel } from './define';
import { id, instant, text } from './fields';

// Check-in points: the gates, days and sessions of an event (pretix's check-in lists). Each admits
// chosen ticket types within an optional time window, keeps its own "first check-in counts" rule,
// and may record exits; occupancy is entries minus exits (electron/core/checkin-points).

export interface CheckInPointDto {
  id: string;
  eventId: string;
  name: string;
  /** 0-based place in the event's list; the first one takes check-ins that name no point. */
  position: number;
  /** null: every ticket type of the event. */
  ticketTypeIds: string[] | null;
  validFrom: string | null;
  validUntil: string | null;
  /** false: the first check-in counts; a second scan is "already checked in". */
  allowMultipleEntries: boolean;
  recordsExits: boolean;
  /** With exits: whether someone who left may come back in. */
  allowReentry: boolean;
  /** People inside at once before the door is warned; null: no warning. */
  capacity: number | null;
  /** A station here prints the person's name badge as it admits them. */
  printsBadge: boolean;
  version: number;
}

export const directions = ['in', 'out'] as const;
export type Direction = (typeof directions)[number];

/**
 * Entries and exits that stations hold but have not uploaded, as each reported them at its last
 * sync (docs/door-day.md): once they arrive, inside is up to `entries` more and `exits` fewer.
 * A station out of reach reports nothing new, so this is what the server can tell, no more.
 */
export interface PendingMoves {
  entries: number;
  exits: number;
  /** Stations whose last report holds any of them. */
  stations: number;
}

/** One station's report for one point, as it sends it with its sync calls. */
export interface PointPending {
  pointId: string;
  entries: number;
  exits: number;
}

/** Other stations' reports, summed per point: what a station shows as the range's width. */
export interface PendingReports {
  points: (PendingMoves & { pointId: string })[];
  /** Stations whose last report holds anything not yet uploaded, at any point. */
  stations: number;
}

export interface PointOccupancy {
  pointId: string;
  name: string;
  entries: number;
  exits: number;
  /** entries - exits. */
  inside: number;
  capacity: number | null;
  /** At or above 90 % of the capacity, counting what stations reported pending: the door is warned. */
  nearlyFull: boolean;
  /** What stations reported holding here, not yet uploaded: inside is a range. */
  pending: PendingMoves;
}

export interface Occupancy {
  eventId: string;
  points: PointOccupancy[];
  /** Sums over the points. */
  entries: number;
  exits: number;
  inside: number;
  pending: PendingMoves;
}

/** Entries and exits per point per hour, on the event's clock ("2027-07-02T18:00"). */
export interface DoorActivity {
  timeZone: string;
  /** Hours with any movement, oldest first; a point without movement in an hour is left out. */
  hours: { hour: string; pointId: string; entries: number; exits: number }[];
  /** People inside (all points) at the end of each hour above. */
  insideAfterHour: { hour: string; inside: number }[];
  /** Seated attendees not checked in anywhere yet (no-shows, once the doors close). */
  notYetIn: number;
}

const pointName = text()
  .trim()
  .min(1, 'Give the check-in point a name')
  .max(100, 'At most 100 characters');

export const pointFields = z
  .strictObject({
    name: pointName,
    ticketTypeIds: z.array(id).min(1, 'Choose at least one ticket type').max(100).nullable(),
    validFrom: instant.nullable(),
    validUntil: instant.nullable(),
    allowMultipleEntries: z.boolean(),
    recordsExits: z.boolean(),
    allowReentry: z.boolean(),
    capacity: z.number().int().min(1, 'Capacity must be at least 1').max(10_000_000).nullable(),
    printsBadge: z.boolean().default(false),
  })
  .refine(
    (v) => !v.validFrom || !v.validUntil || Date.parse(v.validFrom) < Date.parse(v.validUntil),
    { message: 'The window must end after it starts', path: ['validUntil'] },
  );

const deviceId = text().trim().min(1, 'Device id is required').max(100);
const moveCount = z.number().int().min(0).max(10_000_000);

export const pointsChannels = {
  /** The event's points, for its managers and the door staff who work it (the point picker). */
  'points.list': defineChannel<CheckInPointDto[]>()('steward', z.strictObject({ eventId: id })),
  'points.create': defineChannel<CheckInPointDto>()(
    'organizer',
    z.strictObject({ eventId: id, point: pointFields }),
  ),
  'points.update': defineChannel<CheckInPointDto>()(
    'organizer',
    z.strictObject({ id, version: z.number().int().min(1), point: pointFields }),
  ),
  /** People inside now, per point and in total, from the check-ins the server holds. */
  'points.occupancy': defineChannel<Occupancy>()('steward', z.strictObject({ eventId: id })),
  /**
   * A door station's moves at this event not yet uploaded, per point, replacing its last report
   * (sent with each sync); answers with what the other stations reported.
   */
  'points.reportPending': defineChannel<PendingReports>()(
    'steward',
    z.strictObject({
      eventId: id,
      deviceId,
      pending: z
        .array(z.strictObject({ pointId: id, entries: moveCount, exits: moveCount }))
        .max(1000),
    }),
  ),
  /** The event page's live numbers of the door: per point per hour, inside over time, not yet in. */
  'points.activity': defineChannel<DoorActivity>()('steward', z.strictObject({ eventId: id })),
};
