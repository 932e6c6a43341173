import { rmSync } from 'node:fs';
import type {
  DoorAttendee,
  DoorCheckIn,
  DoorSnapshotPage,
  SnapshotCheckIn,
} from '@shared/contract/door';
import type { ReplicaDb } from './replica-db';
import { moveIntoDevice } from './prepare-move';
import type { Replica } from './replica';
import type { PrepareProgress } from './types';

/*
 * An event's first download, built for speed and a flat memory, in three steps:
 * 1. Pages go into a scratch file beside the device file (attached as `build`): no journal, no
 *    fsync, no indexes. It holds nothing that cannot be downloaded again, so it need not survive a
 *    power cut; each page and its cursor commit together, so a cut download resumes where it
 *    stopped, and a scratch file that cannot be read is started over.
 * 2. After the last page, one transaction of the device file (WAL, synchronous=FULL as ever)
 *    takes every row with the attendee indexes dropped, then builds each index once from sorted
 *    keys and the full-text index in one pass, and marks the event prepared (prepare-move.ts).
 *    A crash anywhere in it leaves the device file as it was.
 * 3. The scratch file is deleted.
 * The device file's own pages (its outbox above all) never go without their journal.
 */

const scratchSchema = `
  create table if not exists build.meta (key text primary key, value text not null);
  create table if not exists build.attendees (
    id text, event_id text, ticket_code text, name text, email text, status text,
    door_answers text, ticket_type_id text, ticket_type text);
  -- row: the build.attendees row the check-in came with (a registration rewritten mid-download
  -- comes again later; its latest copy wins, with that copy's check-ins); null for one sent apart
  -- (SnapshotCheckIn), whose place among its registration's is its order here.
  create table if not exists build.checkins (
    row integer, registration_id text, ord integer, nonce text, scanned_at text,
    received_at text, device_id text, staff_name text, forced integer, forced_reason text,
    point_id text, direction text);
`;
/** The scratch file's layout; a download begun by a build with another one starts over. */
const scratchFormat = '3';

export interface SnapshotBuild {
  /** Where the download continues (undefined: from the start) and how many rows it holds. */
  readonly cursor: string | undefined;
  readonly loaded: number;
  /** Saves one page and the cursor after it. */
  add(page: DoorSnapshotPage): void;
  /** Moves the finished download into the device file and marks the event prepared. */
  finish(page: DoorSnapshotPage): void;
  /** Detaches the scratch file, and deletes it once finished. */
  close(): void;
}

/** Opens (or resumes) the first download of `eventId` into `scratchFile`. */
export function openSnapshotBuild(
  db: ReplicaDb,
  replica: Replica,
  scratchFile: string,
  eventId: string,
): SnapshotBuild {
  const { cursor, loaded } =
    attachScratch(db, scratchFile, eventId) ?? attachScratch(db, scratchFile, eventId, true)!;
  const state = { cursor, loaded, finished: false };
  const setMeta = db.prepare<[string, string]>(
    'insert or replace into build.meta (key, value) values (?, ?)',
  );
  // Positional parameters: binding a million rows by name (and copying each into a new object
  // for it) took twice as long.
  const addAttendee = db.prepare<unknown[]>(
    `insert into build.attendees (id, event_id, ticket_code, name, email, status, door_answers,
                                 ticket_type_id, ticket_type)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addCheckIn = db.prepare<unknown[]>(
    `insert into build.checkins (row, registration_id, ord, nonce, scanned_at, received_at,
                                 device_id, staff_name, forced, forced_reason, point_id, direction)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addPage = db.transaction((page: DoorSnapshotPage) => {
    addAttendees(page.attendees);
    addCheckInsApart(page.checkIns ?? []);
    state.loaded += page.attendees.length;
    setMeta.run('cursor', page.cursor);
    setMeta.run('loaded', String(state.loaded));
  });
  const addAttendees = (attendees: DoorAttendee[]) => {
    for (const attendee of attendees) {
      const row = addAttendee.run(
        attendee.id,
        attendee.eventId,
        attendee.ticketCode,
        attendee.name,
        attendee.email,
        attendee.status,
        // Most attendees answer nothing at the door: a million JSON.stringify([]) took 1.5 s.
        attendee.doorAnswers?.length ? JSON.stringify(attendee.doorAnswers) : '[]',
        // An older server sends no ticket type, and no point or direction for its check-ins.
        attendee.ticketTypeId ?? null,
        attendee.ticketType ?? '',
      ).lastInsertRowid;
      if (attendee.checkIns.length === 0) continue;
      attendee.checkIns.forEach((checkIn, ord) => saveCheckIn(row, attendee.id, ord, checkIn));
    }
  };
  const addCheckInsApart = (checkIns: SnapshotCheckIn[]) => {
    for (const checkIn of checkIns) saveCheckIn(null, checkIn.registrationId, null, checkIn);
  };
  const saveCheckIn = (
    row: number | bigint | null,
    registrationId: string,
    ord: number | null,
    checkIn: DoorCheckIn,
  ) =>
    addCheckIn.run(
      row,
      registrationId,
      ord,
      checkIn.nonce,
      checkIn.scannedAt,
      checkIn.receivedAt,
      checkIn.deviceId,
      checkIn.staffName,
      Number(checkIn.forced),
      checkIn.forcedReason,
      checkIn.pointId ?? null,
      checkIn.direction ?? 'in',
    );

  return {
    get cursor() {
      return state.cursor;
    },
    get loaded() {
      return state.loaded;
    },
    add(page) {
      addPage(page);
      state.cursor = page.cursor;
    },
    finish(page) {
      addPage(page);
      moveIntoDevice(db, replica, page);
      state.finished = true;
    },
    close() {
      db.exec('detach database build');
      // An unfinished download stays for the next prepare to resume.
      if (state.finished) removeScratch(scratchFile);
    },
  };
}

/** Attaches the scratch file; null when it cannot be read or belongs to another download. */
function attachScratch(db: ReplicaDb, file: string, eventId: string, fresh = false) {
  if (fresh) removeScratch(file);
  try {
    db.prepare('attach database ? as build').run(file);
    db.pragma('build.journal_mode = OFF');
    db.pragma('build.synchronous = OFF');
    db.exec(scratchSchema);
    const meta = new Map(
      db
        .prepare<[], { key: string; value: string }>('select key, value from build.meta')
        .all()
        .map((row) => [row.key, row.value]),
    );
    if (!meta.has('event')) {
      db.prepare("insert into build.meta (key, value) values ('event', ?), ('format', ?)").run(
        eventId,
        scratchFormat,
      );
    } else if (meta.get('event') !== eventId) {
      throw new Error('The scratch file holds another event');
    } else if (meta.get('format') !== scratchFormat) {
      throw new Error('The scratch file was begun by another version of Usher');
    }
    return { cursor: meta.get('cursor'), loaded: Number(meta.get('loaded') ?? 0) };
  } catch (error) {
    if (fresh) throw error;
    try {
      db.exec('detach database build');
    } catch {
      // never attached
    }
    return null;
  }
}

function removeScratch(file: string) {
  for (const path of [file, `${file}-journal`]) rmSync(path, { force: true });
}

/**
 * Lets the next page's request reach the server before this page is saved, which holds the
 * thread for tens of milliseconds: started but not yet sent, the server would read the page only
 * after the save, and wait meanwhile.
 */
const letRequestsGo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Fetches pages into `build` until the last, then moves them into the device file. */
export async function downloadSnapshot(
  build: SnapshotBuild,
  fetchPage: (cursor: string | undefined) => Promise<DoorSnapshotPage>,
  onProgress?: (progress: PrepareProgress) => void,
): Promise<void> {
  try {
    let next = fetchPage(build.cursor);
    for (;;) {
      const page = await next;
      if (page.done) {
        build.finish(page);
        onProgress?.({ loaded: page.total, total: page.total });
        return;
      }
      // The next page is asked for before this one is saved: the server reads it while this
      // device writes. Awaited on the next turn; a save that throws first leaves it unawaited.
      next = fetchPage(page.cursor);
      next.catch(() => undefined);
      await letRequestsGo();
      build.add(page);
      onProgress?.({ loaded: Math.min(build.loaded, page.total), total: page.total });
    }
  } finally {
    build.close();
  }
}
