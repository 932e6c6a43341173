import { z } from 'zod';
import { defineChannel } from './define';
import type { CheckInConflict, DoorAttendee, DoorCheckIn, DoorEvent } from './door';
import { id, searchText, text } from './fields';
import { directions, type CheckInPointDto, type Direction, type PendingMoves } from './points';
import type { WalkInFlag } from '../domain';
import { walkInFields, type WalkInDesk } from './walk-ins';

// The door station on this desktop: its own copy of one event's attendees (SQLite), kept current
// in the background. Every channel but `prepare` answers from that copy, so it works offline.

export type ScannerAttendee = Omit<DoorAttendee, 'checkIns'>;

export interface ScannerCheckIn extends Omit<DoorCheckIn, 'receivedAt'> {
  /** null while the check-in is still waiting on this desktop for the server. */
  receivedAt: string | null;
  pending: boolean;
}

/** A move this desktop recorded: 'valid' let someone in, 'exited' saw them out. */
interface Recorded<V extends 'valid' | 'exited'> {
  verdict: V;
  checkInId: string;
  attendee: ScannerAttendee;
  /** Device clock. */
  at: string;
  /** scanner.undo takes it back until then (device clock). */
  undoUntil: string;
}

export type ScanOutcome =
  | Recorded<'valid'>
  /** An exit at a point that records them; undone like an entry. */
  | Recorded<'exited'>
  /** Inside already (or, where only the first check-in counts, checked in here before). */
  | { verdict: 'already_checked_in'; attendee: ScannerAttendee; previous: ScannerCheckIn }
  /**
   * The station's point does not let this move through: its ticket type, its time window, no
   * re-entry, or an exit of someone not inside. `message` is the point rules' own words
   * ("Day 1 ticket", "Not valid before 09:00", "Left already: no re-entry here").
   */
  | {
      verdict: 'not_admitted_here';
      attendee: ScannerAttendee;
      reason:
        | 'ticket_type'
        | 'not_yet_valid'
        | 'no_longer_valid'
        | 'no_reentry'
        | 'not_inside'
        | 'exits_not_recorded';
      message: string;
    }
  /** 'transferred': the seat went to someone else with a new code (this one no longer admits). */
  | { verdict: 'cancelled' | 'waitlisted' | 'transferred'; attendee: ScannerAttendee }
  | { verdict: 'wrong_event'; attendee: ScannerAttendee; eventTitle: string }
  | { verdict: 'unknown'; code: string };

export type ScanVerdict = ScanOutcome['verdict'];

/** A walk-in registered and checked in at the station: shown like a valid scan. */
export interface ScannerWalkIn {
  outcome: Extract<ScanOutcome, { verdict: 'valid' }>;
  /** How the server stored it; null while it waits on this desktop for the server (offline). */
  flag: WalkInFlag | null;
}

export interface ScannerHit extends ScannerAttendee {
  /** The check-in that counts, if any. */
  checkIn: ScannerCheckIn | null;
}

export interface ScannerEvent extends DoorEvent {
  /** Attendees with a place (not waitlisted, not cancelled). */
  registered: number;
  /** Attendees with a check-in standing, this desktop's pending ones included. */
  checkedIn: number;
  /** The event's check-in points, as this desktop last pulled them (the point picker). */
  points: CheckInPointDto[];
  /** The point this desktop checks people in at, and which way (remembered in its file). */
  /** null only while this desktop holds none of the event's points (an older server). */
  pointId: string | null;
  direction: Direction;
  occupancy: StationOccupancy;
}

export interface StationPointOccupancy {
  pointId: string;
  /** Entries less exits at this point: the server's (as pulled) and this desktop's pending ones. */
  inside: number;
  capacity: number | null;
  /** At or above 90 % of the capacity (checkin-points/occupancy.ts). */
  nearlyFull: boolean;
  /** What other stations reported holding here, not yet uploaded: inside is a range. */
  pendingElsewhere: PendingMoves;
}

/** People inside now, per point and in total, as this desktop knows it. */
export interface StationOccupancy {
  points: StationPointOccupancy[];
  inside: number;
  pendingElsewhere: PendingMoves;
}

/** A damaged door file this desktop set aside, and what it could save from it. */
export interface ScannerRecovery {
  /** When the damage was found (device clock). */
  at: string;
  /** What was wrong, in plain words. */
  reason: string;
  /** Where the damaged file is kept: renamed next to the new one, never deleted. */
  keptAs: string;
  /** Check-ins and undos not yet sent that were read from it; they are sent like any other. */
  recovered: number;
  /** Ones not yet sent that could not be read; null when the file gave no way to count them. */
  unreadable: number | null;
}

export interface ScannerStatus {
  /** This desktop's name in check-ins ("already checked in on …"). */
  deviceId: string;
  /** The event this desktop checks people in for; null until one is prepared. */
  event: ScannerEvent | null;
  /** null until the first attempt to reach the server. */
  online: boolean | null;
  /** Check-ins and undos this desktop holds that the server has not yet accepted. */
  pending: number;
  /** Sent items the server refused (e.g. a ticket it does not know). */
  rejected: number;
  /** Tickets checked in more than once (e.g. on two offline desktops). */
  conflicts: number;
  /** This desktop's walk-ins the server kept but flagged (over capacity, email taken). */
  flaggedWalkIns: number;
  lastSyncAt: string | null;
  lastError: string | null;
  /** Set when this desktop replaced a damaged door file, until staff start fresh. */
  recovery: ScannerRecovery | null;
}

export interface ScannerProgress {
  eventId: string;
  loaded: number;
  total: number;
}

const scannedCode = text()
  .trim()
  .min(1, 'Scan a ticket or type its code')
  .max(500, 'That is too long for a ticket code');

const local = { worksOffline: true } as const;

// Stewards use the station too: the handlers hold them to their limits (no emails, no undo but
// their own last scan). Walk-ins and forcing are supervisors' ('door') channels.

export const scannerChannels = {
  /** Downloads the event's attendees to this desktop (progress: `scanner.progress`). */
  'scanner.prepare': defineChannel<ScannerStatus>()('steward', z.strictObject({ eventId: id })),
  'scanner.scan': defineChannel<ScanOutcome>()(
    'steward',
    z.strictObject({ code: scannedCode }),
    local,
  ),
  /** Checks in someone found by search, by the same rules as a scan. */
  'scanner.admit': defineChannel<ScanOutcome>()(
    'steward',
    z.strictObject({ registrationId: id }),
    local,
  ),
  'scanner.search': defineChannel<ScannerHit[]>()(
    'steward',
    z.strictObject({ text: searchText }),
    local,
  ),
  'scanner.undo': defineChannel<ScannerStatus>()(
    'steward',
    z.strictObject({ checkInId: id }),
    local,
  ),
  'scanner.status': defineChannel<ScannerStatus>()('steward', z.strictObject({}), local),
  'scanner.conflicts': defineChannel<CheckInConflict[]>()('steward', z.strictObject({}), local),
  /** Staff have read what happened to a damaged door file: the station starts afresh. */
  'scanner.startFresh': defineChannel<ScannerStatus>()('steward', z.strictObject({}), local),
  /**
   * The point this desktop checks people in at, and which way (an exit only where the point
   * records exits). Remembered in the device file for the prepared event.
   */
  'scanner.setPoint': defineChannel<ScannerStatus>()(
    'steward',
    z.strictObject({ pointId: id, direction: z.enum(directions) }),
    local,
  ),
  /**
   * Registers a walk-in and checks them in at once. Online the server decides first: a full
   * event is FULL (nothing stored) unless `force`, which admits them flagged 'over_capacity'.
   * Offline (or no answer in time) it goes into this desktop's file with its check-in, and the
   * server applies it at sync, kept and flagged if no seat is left.
   */
  'scanner.walkIn': defineChannel<ScannerWalkIn>()(
    'door',
    z.strictObject({ ...walkInFields, force: z.boolean().default(false) }),
    local,
  ),
  /** The prepared event's ticket types and door-visible questions, for the walk-in form. */
  'scanner.walkInDesk': defineChannel<WalkInDesk>()('door', z.strictObject({}), local),
  /** Sends what is pending and pulls changes now; offline, it says so in the status. */
  'scanner.sync': defineChannel<ScannerStatus>()('steward', z.strictObject({}), local),
};
