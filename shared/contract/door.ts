import { z } from 'zod';
import { normalizeTicketCode } from '../ticket-code';
import type { EventStatus, RegistrationStatus } from '../domain';
import type { DoorAnswer } from '../questions';
import { defineChannel } from './define';
import { id, instant, pageLimit, pageOffset, text } from './fields';
import { directions, type CheckInPointDto, type Direction } from './points';
import type { WalkInDesk } from './walk-ins';
import type { StationBadgeLayout } from './badges';

// Door mode, server side: preparing a device's replica, keeping it current, and receiving its
// check-ins. The device (electron/core/door) drives these channels; so can any other client.

export const forcedReasons = [
  'cancelled',
  'waitlisted',
  'transferred',
  'already_checked_in',
  /** The check-in point does not admit this ticket (its type, or outside its time window). */
  'not_admitted_here',
] as const;
/** Why the server would have refused a check-in it accepted because a device already had. */
export type ForcedReason = (typeof forcedReasons)[number];

export interface DoorCheckIn {
  /** Chosen by the device at scan time; the check-in's identity everywhere. */
  nonce: string;
  /** Device clock. */
  scannedAt: string;
  /** Server clock. */
  receivedAt: string;
  deviceId: string;
  staffName: string | null;
  forced: boolean;
  forcedReason: ForcedReason | null;
  /** The check-in point it is at (one that named none: the event's first). */
  pointId: string | null;
  /** 'out': an exit, at a point that records them. */
  direction: Direction;
}

export interface DoorAttendee {
  id: string;
  eventId: string;
  ticketCode: string;
  name: string;
  email: string;
  status: RegistrationStatus;
  /** The ticket type held (a check-in point admits chosen types) and its name, shown at the door. */
  ticketTypeId: string;
  ticketType: string;
  /** Check-ins not reverted, in the order the server applied them; the first one counts. */
  checkIns: DoorCheckIn[];
  /** Answers to the event's door-visible questions only; private answers never leave the server. */
  doorAnswers: DoorAnswer[];
}

export interface DoorEvent {
  id: string;
  title: string;
  location: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  status: EventStatus;
}

export interface DoorPage {
  attendees: DoorAttendee[];
  /** Opaque; pass it back to door.changes. */
  cursor: string;
  /** False while more pages are waiting: ask again at once. */
  done: boolean;
  /** The event's check-in points as they are now: what a station needs to apply their rules. */
  points: CheckInPointDto[];
  /** What the walk-in form needs offline; an older server sends none. */
  walkInDesk?: WalkInDesk;
  /** How the station prints a badge as someone is admitted; an older server sends none. */
  badgeLayout?: StationBadgeLayout;
}

/** A check-in as a first download sends it: apart from its attendee. */
export interface SnapshotCheckIn extends DoorCheckIn {
  registrationId: string;
}

export interface DoorSnapshotPage extends DoorPage {
  event: DoorEvent;
  /** Attendees in the event, for a progress bar. */
  total: number;
  /**
   * The event's standing check-ins, in the order the server applied them. They come in pages of
   * their own after the last attendee, whose `checkIns` are then empty: one walk of the event's
   * check-ins costs a fraction of looking each attendee's up.
   */
  checkIns?: SnapshotCheckIn[];
}

/**
 * `event_closed`: the uploader may not check people in for that event (door staff: it is not
 * published; organizers: it is not theirs). `undo_refused`: the undo is not one the device could
 * have made: from another device or staff member than the scan, or outside `undoWindowMs` of it.
 */
export type UploadRejection =
  | 'unknown_ticket'
  | 'wrong_event'
  | 'unknown_check_in'
  | 'event_closed'
  | 'undo_refused'
  /** The check-in names a point that is not the event's. */
  | 'unknown_point'
  /** An exit at a point that records none, or of someone not inside there. */
  | 'exit_refused';

/** Staff can take back a check-in for this long after the scan (device clock); the server holds to it. */
export const undoWindowMs = 2 * 60_000;

export interface UploadItemResult {
  nonce: string;
  /** False when the server already had this nonce: a re-sent item changes nothing. */
  applied: boolean;
  rejected: UploadRejection | null;
  registrationId: string | null;
  /** For a check-in that stands: as stored, flagged `forced` or not. Otherwise null. */
  checkIn: DoorCheckIn | null;
}

/**
 * A ticket let in twice (on two offline desktops, say): the server flagged a second entry of
 * someone already in (`already_checked_in`). Entries and exits, or entries at two points, are not
 * conflicts.
 */
export interface CheckInConflict {
  registrationId: string;
  eventId: string;
  ticketCode: string;
  name: string;
  checkIns: DoorCheckIn[];
}

export interface UploadResult {
  results: UploadItemResult[];
  conflicts: CheckInConflict[];
}

export interface CheckInRow extends DoorCheckIn {
  registrationId: string;
  ticketCode: string;
  name: string;
  revertedAt: string | null;
}

export const uploadBatchMax = 1000;

const XID8_MAX = 2n ** 64n - 1n;
/**
 * The numbers inside a cursor must be ones PostgreSQL could have written: transaction ids that
 * fit in 64 bits, and snapshots "xmin:xmax:xip,..." with 1 <= xmin <= xip... < xmax (the shape
 * pg_snapshot accepts). The regex alone let "5:3:" reach SQL and come back as INTERNAL.
 */
function possibleCursor(cursor: string): boolean {
  // Zod runs this even when the regex above failed: anything unparsable is simply not a cursor.
  if (!/^[\d.:,a-z-]*$/.test(cursor)) return false;
  try {
    return possibleNumbers(cursor);
  } catch {
    return false;
  }
}

function possibleNumbers(cursor: string): boolean {
  // xid . last id . seen snapshot . next snapshot [. attendee count [. status]]
  const [xid = '', , ...rest] = cursor.split('.');
  const snapshots = rest.slice(0, 2);
  if (BigInt(xid) > XID8_MAX) return false;
  return snapshots.every((snapshot) => {
    if (snapshot === '') return true;
    const [xmin = 0n, xmax = 0n, ...xip] = snapshot
      .split(/[:,]/)
      .filter(Boolean)
      .map((n) => BigInt(n));
    if (xmin < 1n || xmin > xmax || xmax > XID8_MAX) return false;
    return xip.every((x, i) => x >= xmin && x < xmax && (i === 0 || x >= xip[i - 1]!));
  });
}

const ticketCode = text()
  .trim()
  .min(1, 'Ticket code is required')
  .max(200, 'Ticket code is at most 200 characters')
  .transform(normalizeTicketCode);
const deviceId = text().trim().min(1, 'Device id is required').max(100);
const deviceTime = instant;
const snapshotText = String.raw`(\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20})*)?)?`;
const cursor = z
  .string()
  .max(100_000)
  .regex(
    new RegExp(
      // The optional parts: a snapshot's attendee count, counted on its first page only, and
      // where a snapshot's walk stands (the status of its last registration).
      String.raw`^\d{1,20}\.[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\.${snapshotText}\.${snapshotText}(\.\d{0,12}(\.[a-z]{1,20})?)?$`,
    ),
    'Not a door cursor',
  )
  .refine(possibleCursor, 'Not a door cursor');
/** Who scanned (or undid) on the device; the server credits the uploader when it cannot. */
const staffUserId = id.optional();
/**
 * The scanning staff's signature over the item (electron/core/auth/scan-key.ts): without a
 * valid one the server credits the uploader, whatever `staffUserId` says.
 */
const staffProof = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/, 'Not a staff proof')
  .optional();
const pageSize = z.number().int().min(1).max(10_000).default(5_000);

const checkInItem = z
  .strictObject({
    kind: z.literal('checkIn'),
    nonce: id,
    eventId: id,
    registrationId: id.optional(),
    ticketCode: ticketCode.optional(),
    scannedAt: deviceTime,
    staffUserId,
    staffProof,
    /** The check-in point scanned at (shared/contract/points.ts); absent: the event's first. */
    pointId: id.optional(),
    /** 'out': an exit, at a point that records them. */
    direction: z.enum(directions).optional(),
  })
  .refine((v) => (v.registrationId === undefined) !== (v.ticketCode === undefined), {
    message: 'Give either a registration id or a ticket code',
  });

const revertItem = z.strictObject({
  kind: z.literal('revert'),
  nonce: id,
  eventId: id,
  checkInNonce: id,
  revertedAt: deviceTime,
  staffUserId,
  staffProof,
});

export const doorChannels = {
  'door.snapshot': defineChannel<DoorSnapshotPage>()(
    'steward',
    z.strictObject({ eventId: id, cursor: cursor.optional(), limit: pageSize }),
  ),
  'door.changes': defineChannel<DoorPage>()(
    'steward',
    z.strictObject({ eventId: id, cursor, limit: pageSize }),
  ),
  'checkins.upload': defineChannel<UploadResult>()(
    'steward',
    z
      .strictObject({
        deviceId,
        items: z
          .array(z.discriminatedUnion('kind', [checkInItem, revertItem]))
          .min(1, 'Nothing to upload')
          .max(uploadBatchMax, `At most ${uploadBatchMax} items per upload`),
      })
      .refine((v) => new Set(v.items.map((item) => item.nonce)).size === v.items.length, {
        message: 'Each item needs its own nonce',
        path: ['items'],
      }),
  ),
  'checkins.list': defineChannel<CheckInRow[]>()(
    'door',
    z.strictObject({
      eventId: id,
      includeReverted: z.boolean().default(false),
      limit: pageLimit,
      offset: pageOffset,
    }),
  ),
  'checkins.conflicts': defineChannel<CheckInConflict[]>()('door', z.strictObject({ eventId: id })),
};
