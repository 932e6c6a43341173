import { changeTouches, type ChangeScope } from '@shared/contract/topics';
import { randomUUID } from 'node:crypto';
import { AppError, conflict, notFound } from '../../errors';
import { createOutbox } from './outbox';
import { openOutboxJournal } from './outbox-journal';
import { createReplica } from './replica';
import { RECOVERY_META } from './recover';
import { openReplica } from './replica-db';
import { downloadSnapshot, openSnapshotBuild } from './prepare-build';
import { createSync, OfflineError, type SyncOptions, type SyncReport } from './sync';
import {
  emailTaken,
  newWalkIn,
  walkInRefusal,
  type WalkInRecord,
  type WalkInRequest,
} from './walk-in';
import type { WalkInDesk } from '@shared/contract/walk-ins';
import type { Badge } from '../../badges/badge';
import { admissionBadge } from './admission-badge';
import type { WalkInFlag } from '@shared/domain';
import { normalizeTicketCode } from '@shared/ticket-code';
import type { CheckInConflict } from '@shared/contract/door';
// Relative, not @shared: the crash test runs this file in a plain child process without aliases.
import { undoWindowMs } from '../../../../shared/contract/door';
import { signScan } from '../../auth/scan-key';
import type { ScannerAttendee, ScannerHit, ScannerRecovery } from '@shared/contract/scanner';
import type { CheckInPointDto, Direction } from '@shared/contract/points';
import type { DoorStatus, DoorTransport, PrepareProgress, ScanResult } from './types';
import { decideAtPoint } from '../../checkin-points/rules';
import {
  chooseStationPoint,
  movesAt,
  standingEntry,
  stationPointOf,
  type StationPoint,
} from './station-point';

/** Staff can take back a check-in for this long (device clock); the server holds to it too. */
export const UNDO_WINDOW_MS = undoWindowMs;

export interface DoorDeviceOptions {
  /** This device's SQLite file, e.g. in the app's user-data folder. */
  file: string;
  transport: DoorTransport;
  /** Used when the file is new; afterwards the file's own id wins. */
  deviceId?: string;
  /** Shown as "by whom" for this device's check-ins until the server has them. */
  staffName?: string | null;
  /** The signed-in staff's user id, sent with each check-in and undo so the server credits them. */
  staffUserId?: string | null;
  /** Signs each check-in and undo as that staff's (scanKeyOf their session token). */
  staffScanKey?: Buffer | null;
  now?: () => Date;
  sync?: SyncOptions;
}

export interface DoorDevice {
  readonly deviceId: string;
  /** Downloads an event's attendees (resuming a download that was cut) and makes it active. */
  prepare(eventId: string, onProgress?: (progress: PrepareProgress) => void): Promise<void>;
  /** The verdict from the local copy; a valid ticket is in the outbox before this returns. */
  scan(code: string): ScanResult;
  /** Admits a person found by search, with the same rules as a scan. */
  admit(registrationId: string): ScanResult;
  /**
   * Registers a walk-in and checks them in. Online the server decides first (FULL unless
   * `force`); offline, or without an answer in time, the walk-in and its check-in go into this
   * file together and the server applies them at sync. `flag` is null until then.
   */
  walkIn(
    request: WalkInRequest,
    force: boolean,
  ): Promise<{ result: Extract<ScanResult, { verdict: 'valid' }>; flag: WalkInFlag | null }>;
  /** The prepared event's walk-in form; null until the server has sent one. */
  walkInDesk(): WalkInDesk | null;
  /** The badge to print for someone just admitted, if this station's point prints them. */
  admissionBadge(registrationId: string): Badge | null;
  search(text: string, limit?: number): ScannerHit[];
  undo(checkInId: string): void;
  /** The point this desktop scans at and which way; null until an event is prepared. */
  stationPoint(): StationPoint | null;
  setPoint(pointId: string, direction: Direction): void;
  conflicts(): CheckInConflict[];
  status(): DoorStatus;
  /** Forgets the note about a damaged file this one replaced, once staff have read it. */
  startFresh(): void;
  sync(): Promise<SyncReport>;
  /**
   * Another desktop changed this event (a live change note): pull it now rather than at the next
   * interval, so every station counts the same people within moments. Other events' are ignored.
   */
  heardChange(scope: ChangeScope): void;
  /** Syncs in the background: every few seconds online, with backoff while offline. */
  start(): void;
  stop(): void;
  close(): Promise<void>;
}

/** Before the file holds the event's points: one entry per ticket, as the door did then. */
/**
 * A first download's page: the most a page may hold. Each page costs the server a few small
 * reads besides its rows (the station's set-up, the caller's rights), and two are in flight.
 */
const SNAPSHOT_PAGE_SIZE = 10_000;

const entryOnce: Omit<CheckInPointDto, 'id' | 'eventId' | 'name' | 'position' | 'version'> = {
  ticketTypeIds: null,
  validFrom: null,
  validUntil: null,
  allowMultipleEntries: false,
  recordsExits: false,
  allowReentry: true,
  capacity: null,
  printsBadge: false,
};

/**
 * The point's rules for this attendee. A ticket whose type the file does not hold yet (a file
 * just upgraded, before its next pull) passes the type rule: the server flags it if it should not.
 */
function rulesFor(point: CheckInPointDto | null, attendee: ScannerAttendee) {
  if (!point) return entryOnce;
  return attendee.ticketTypeId ? point : { ...point, ticketTypeIds: null };
}

export function openDoorDevice(options: DoorDeviceOptions): DoorDevice {
  const now = options.now ?? (() => new Date());
  const staffName = options.staffName ?? null;
  const staffUserId = options.staffUserId ?? null;
  const staffScanKey = options.staffScanKey ?? null;
  const sign = (item: Parameters<typeof signScan>[1]) =>
    staffScanKey ? signScan(staffScanKey, item) : null;
  const db = openReplica(options.file);
  const journal = openOutboxJournal(options.file);
  const outbox = createOutbox(db, journal);
  outbox.trimJournal();
  // Runs a transaction that may add outbox items; the journal gets them once it has committed.
  const recording = <T>(run: () => T): T => {
    try {
      const result = run();
      outbox.committed();
      return result;
    } catch (error) {
      outbox.rolledBack();
      throw error;
    }
  };
  const replica = createReplica(db);
  const deviceId = replica.deviceId(options.deviceId ?? `door-${randomUUID()}`);
  const standing = (registrationId: string) => replica.standing(registrationId, deviceId);
  const sync = createSync({
    db,
    replica,
    outbox,
    transport: options.transport,
    deviceId,
    now,
    options: options.sync,
  });
  const activeEventId = () => replica.getMeta('active_event');
  const recoveryNote = (): ScannerRecovery | null => {
    const note = replica.getMeta(RECOVERY_META);
    return note ? (JSON.parse(note) as ScannerRecovery) : null;
  };

  // Decides at the station's point and, for a move it lets through, records it in the same
  // SQLite transaction: the point's rules over the ticket's moves there, the server's and this
  // desktop's pending ones (checkin-points/rules.ts, as the server decides on upload).
  const decide = db.transaction((attendee: ScannerAttendee): ScanResult => {
    const eventId = activeEventId();
    if (attendee.eventId !== eventId) {
      const title = replica.event(attendee.eventId)?.title ?? 'another event';
      return { verdict: 'wrong_event', attendee, eventTitle: title };
    }
    const at = stationPointOf(replica, eventId);
    // Someone inside may always leave, whatever became of their ticket meanwhile.
    if (
      at.direction === 'in' &&
      (attendee.status === 'cancelled' ||
        attendee.status === 'waitlisted' ||
        attendee.status === 'transferred')
    ) {
      return { verdict: attendee.status, attendee };
    }
    const here = movesAt(standing(attendee.id), at);
    const scannedAt = now();
    const verdict = decideAtPoint({
      point: rulesFor(at.point, attendee),
      ticket: { ticketTypeId: attendee.ticketTypeId, ticketTypeName: attendee.ticketType },
      moves: here.map((move) => move.direction),
      direction: at.direction,
      at: scannedAt,
      timeZone: replica.event(eventId)?.timeZone ?? 'UTC',
    });
    if (!verdict.admitted) {
      if (verdict.reason === 'already_checked_in') {
        // The entry that makes them "in" here; the rules said so, so there is one.
        const previous = standingEntry(here, at.point) ?? here.at(-1)!;
        return { verdict: 'already_checked_in', attendee, previous };
      }
      return {
        verdict: 'not_admitted_here',
        attendee,
        reason: verdict.reason,
        message: verdict.message,
      };
    }
    const checkInId = randomUUID();
    const iso = scannedAt.toISOString();
    outbox.addCheckIn({
      nonce: checkInId,
      eventId,
      registrationId: attendee.id,
      at: iso,
      staffName,
      staffUserId,
      staffProof: sign({
        kind: 'checkIn',
        nonce: checkInId,
        eventId,
        target: attendee.id,
        at: iso,
      }),
      // None known yet (an older server): the server puts it at the event's first point.
      pointId: at.point?.id ?? null,
      direction: at.direction,
    });
    const recorded = { checkInId, attendee };
    return at.direction === 'in'
      ? { verdict: 'valid', ...recorded }
      : { verdict: 'exited', ...recorded };
  });

  /** The server's word on a walk-in before admitting; null when it cannot be reached in time. */
  const askServer = async (walkIn: WalkInRecord, force: boolean) => {
    if (sync.state.online === false) return null;
    try {
      const { results } = await sync.request('walkIns.upload', {
        deviceId,
        items: [{ ...walkIn.item, ifFull: force ? 'admit' : 'refuse' }],
      });
      return results[0]!;
    } catch (error) {
      if (error instanceof OfflineError) return null;
      throw error;
    }
  };

  const requireEvent = () => {
    const eventId = activeEventId();
    if (!eventId) throw conflict('Prepare this device for an event first');
    return eventId;
  };
  const admitted = (result: ScanResult) => {
    if (result.verdict === 'valid' || result.verdict === 'exited') sync.kick();
    return result;
  };

  return {
    deviceId,

    async prepare(eventId, onProgress) {
      if (!replica.event(eventId)?.prepared) {
        await downloadSnapshot(
          openSnapshotBuild(db, replica, `${options.file}.prepare`, eventId),
          (cursor) =>
            sync.request('door.snapshot', {
              eventId,
              cursor,
              limit: options.sync?.pageSize ?? SNAPSHOT_PAGE_SIZE,
            }),
          onProgress,
        );
      }
      replica.setMeta('active_event', eventId);
      db.pragma('wal_checkpoint(PASSIVE)');
    },

    scan(code) {
      requireEvent();
      // Lower case, groups of four, O for 0: every way a code is written finds its ticket.
      const attendee = replica.attendeeByCode(normalizeTicketCode(code));
      // Staff see what was scanned, as it was scanned.
      if (!attendee) return { verdict: 'unknown', code: code.trim() };
      return admitted(recording(() => decide.immediate(attendee)));
    },

    admit(registrationId) {
      requireEvent();
      const attendee = replica.attendeeById(registrationId);
      if (!attendee) throw notFound('That attendee');
      return admitted(recording(() => decide.immediate(attendee)));
    },

    async walkIn(request, force) {
      const eventId = requireEvent();
      const desk = replica.walkInDesk(eventId);
      if (!desk) {
        throw new AppError(
          'UNAVAILABLE',
          'This desktop has no walk-in form for the event yet: it comes with the next sync.',
        );
      }
      if (replica.emailTaken(eventId, request.email)) throw emailTaken(request.email);
      const walkIn = newWalkIn(request, desk, eventId, now().toISOString());
      const answer = await askServer(walkIn, force);
      if (answer?.rejected) throw walkInRefusal(answer);
      // Registered by the server, or else kept here with its check-in: either way in one
      // transaction with the check-in, before the screen turns green.
      const result = recording(() =>
        db
          .transaction(() => {
            if (!answer) outbox.addWalkIn(walkIn, staffName, staffUserId);
            replica.applyAttendees([answer?.attendee ?? walkIn.attendee]);
            return decide(replica.attendeeById(walkIn.item.nonce)!);
          })
          .immediate(),
      );
      admitted(result);
      if (result.verdict !== 'valid') throw new Error(`A new walk-in was ${result.verdict}`);
      return { result, flag: answer?.flag ?? null };
    },

    walkInDesk: () => replica.walkInDesk(requireEvent()),

    admissionBadge: (registrationId) => admissionBadge(replica, requireEvent(), registrationId),

    search(text, limit = 20) {
      const eventId = requireEvent();
      const at = stationPointOf(replica, eventId);
      return replica.search(eventId, text, limit).map((attendee) => ({
        ...attendee,
        // As the station's point sees them: in here now, or not.
        checkIn: standingEntry(movesAt(standing(attendee.id), at), at.point),
      }));
    },

    undo(checkInId) {
      recording(() =>
        db
          .transaction(() => {
            const checkIn = outbox.ownCheckIn(checkInId);
            if (!checkIn) throw notFound('That check-in on this device');
            if (checkIn.undone) throw conflict('That check-in was already undone');
            if (now().getTime() - Date.parse(checkIn.at) > UNDO_WINDOW_MS) {
              throw conflict('A check-in can only be undone within two minutes');
            }
            // The server refuses any other undo: it cannot tell it from a forged one.
            if (checkIn.staffUserId !== staffUserId) {
              throw conflict('Only the staff member who scanned this ticket can undo it');
            }
            const nonce = randomUUID();
            const at = now().toISOString();
            outbox.addRevert({
              nonce,
              checkIn,
              at,
              staffName,
              staffUserId,
              staffProof: sign({
                kind: 'revert',
                nonce,
                eventId: checkIn.eventId,
                target: checkIn.nonce,
                at,
              }),
            });
          })
          .immediate(),
      );
      sync.kick();
    },

    stationPoint() {
      const eventId = activeEventId();
      return eventId ? stationPointOf(replica, eventId) : null;
    },

    setPoint(pointId, direction) {
      chooseStationPoint(replica, requireEvent(), pointId, direction);
    },

    conflicts: () => {
      const eventId = activeEventId();
      return eventId ? replica.conflicts(eventId) : [];
    },

    status() {
      const eventId = activeEventId();
      return {
        deviceId,
        eventId,
        online: sync.state.online,
        pending: outbox.pendingCount(),
        rejected: outbox.rejectedCount(),
        conflicts: eventId ? replica.conflictCount(eventId) : 0,
        flaggedWalkIns: outbox.flaggedWalkIns(),
        lastSyncAt: sync.state.lastSyncAt,
        lastError: sync.state.lastError,
        recovery: recoveryNote(),
      };
    },

    startFresh: () => void db.prepare('delete from meta where key = ?').run(RECOVERY_META),

    sync: () => sync.sync(),
    heardChange(scope) {
      const eventId = activeEventId();
      if (eventId && changeTouches(scope, eventId)) sync.heard();
    },
    start: () => sync.start(),
    stop: () => sync.stop(),
    async close() {
      sync.stop();
      await sync.settled();
      journal.close();
      db.close();
    },
  };
}
