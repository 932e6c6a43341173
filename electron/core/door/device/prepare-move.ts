import type { DoorSnapshotPage } from '@shared/contract/door';
import { attendeeIndexes, type ReplicaDb } from './replica-db';
import type { Replica } from './replica';

/*
 * Step 2 of a first download (prepare-build.ts): one transaction of the device file takes the
 * scratch file's rows with the attendee indexes dropped, builds each index once from sorted keys
 * and the full-text index in one pass, and marks the event prepared.
 *
 * A snapshot pass sends each registration once unless it moved in the server's walk while the
 * pass ran (snapshot-page.ts), which is rare. So the rows are first copied as they are, and the
 * unique id index, built next, tells whether a registration came twice; only then is the copy
 * done again keeping the latest copy of each (a lookup per row: several seconds at a million).
 */

export function moveIntoDevice(db: ReplicaDb, replica: Replica, page: DoorSnapshotPage) {
  const eventId = page.event.id;
  withRollbackJournal(db, () => moveRows(db, replica, page, eventId));
}

/*
 * Through the WAL, the move's pages (~400 MB at a million attendees) are written twice: into the
 * WAL at commit, then into the file by the checkpoint after it, 1.6-2.4 s of a 16 s prepare. A
 * rollback journal keeps only what the transaction overwrites of the file as it was; the pages
 * the move appends past its end need no copy, so each is written once (0.3 s). The commit is as
 * durable (synchronous=FULL holds in either mode) and as atomic: a crash leaves a hot journal,
 * rolled back when the file is next opened. The switch needs the file to itself: while another
 * connection has it open, SQLite keeps WAL and the move goes through the WAL as before.
 */
function withRollbackJournal(db: ReplicaDb, move: () => void) {
  const switched = tryJournalMode(db, 'delete') === 'delete';
  try {
    move();
  } finally {
    // Failing here leaves the rollback journal until the file is opened next (openReplica sets
    // WAL again); the move itself is committed either way.
    if (switched) tryJournalMode(db, 'wal');
  }
}

/** The main file's journal mode after asking for `mode` (only main: the scratch keeps none). */
function tryJournalMode(db: ReplicaDb, mode: 'delete' | 'wal'): string {
  try {
    return db.pragma(`main.journal_mode = ${mode}`, { simple: true }) as string;
  } catch {
    // Busy: another connection is reading or writing the file.
    return 'wal';
  }
}

/** FTS5's own automerge setting (https://sqlite.org/fts5.html#the_automerge_configuration_option). */
const ftsAutomergeDefault = 4;

function moveRows(db: ReplicaDb, replica: Replica, page: DoorSnapshotPage, eventId: string) {
  db.transaction(() => {
    // A half-done download by an older version of Usher went page by page into the device
    // file: its rows are replaced by this download's.
    db.prepare(
      'delete from server_checkins where registration_id in (select id from attendees where event_id = ?)',
    ).run(eventId);
    db.prepare('delete from attendees where event_id = ?').run(eventId);
    const lastPk = db
      .prepare<[], number>('select coalesce(max(pk), 0) from attendees')
      .pluck()
      .get()!;
    db.exec('drop index attendees_id; drop index attendees_code; drop index attendees_event;');
    try {
      db.transaction(() => copyRows(db, 'all'))();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      copyRows(db, 'latest');
    }
    // Merging segments while a million rows go in costs ~0.6 s, and searches are as fast over
    // the unmerged index (measured at 1M: 47 against 53 ms for the broadest search). Later inserts
    // merge as usual.
    setFtsAutomerge(db, 0);
    db.prepare(
      'insert into attendees_fts (rowid, name, email) select pk, name, email from attendees where pk > ?',
    ).run(lastPk);
    setFtsAutomerge(db, ftsAutomergeDefault);
    replica.saveSetup(eventId, page);
    replica.saveEvent(page.event, page.cursor, page.total, true);
  }).immediate();
}

// A literal: FTS5 takes only an integer here, and a bound JS number is a double.
const setFtsAutomerge = (db: ReplicaDb, segments: number) =>
  db.exec(`insert into attendees_fts (attendees_fts, rank) values ('automerge', ${segments})`);

/** Attendees and their check-ins from the scratch file: every copy, or the latest of each. */
function copyRows(db: ReplicaDb, which: 'all' | 'latest') {
  // The latest copy of a registration: the last row with its id (an index holds the rowid).
  if (which === 'latest') db.exec('create index build.attendees_latest on attendees (id)');
  const latest = (alias: string, rowid: string) =>
    which === 'all'
      ? 'true'
      : `not exists (select 1 from build.attendees l where l.id = ${alias} and l.rowid > ${rowid})`;
  db.exec(
    `insert into attendees (id, event_id, ticket_code, name, email, status, door_answers,
                            ticket_type_id, ticket_type)
     select id, event_id, ticket_code, name, email, status, coalesce(door_answers, '[]'),
            ticket_type_id, coalesce(ticket_type, '')
       from build.attendees b where ${latest('b.id', 'b.rowid')}`,
  );
  db.exec(attendeeIndexes);
  db.exec(
    `insert into server_checkins
       (nonce, registration_id, ord, scanned_at, received_at, device_id, staff_name, forced,
        forced_reason, point_id, direction)
     select c.nonce, c.registration_id,
            row_number() over (partition by c.registration_id order by c.rowid) - 1,
            c.scanned_at, c.received_at, c.device_id, c.staff_name, c.forced, c.forced_reason,
            c.point_id, coalesce(c.direction, 'in')
       from build.checkins c
      -- One sent apart (row null) is its registration's as it was then, whichever copy wins.
      where c.row is null or ${latest('c.registration_id', 'c.row')}
     on conflict (nonce) do nothing`,
  );
}
