import { z } from 'zod';
import { defineChannel } from './define';
import type { CheckInConflict, DoorAttendee, DoorCheckIn, DoorEvent } from './door';
import { id, searchText, text } from './fields';
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

export type ScanOutcome =
  | {
      verdict: 'valid';
      checkInId: string;
      attendee: ScannerAttendee;
      /** Device clock. */
      at: string;
      /** scanner.undo takes it back until then (device clock). */
      undoUntil: string;
    }
  | { verdict: 'already_checked_in'; attendee: ScannerAttendee; previous: ScannerCheckIn }
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
