import { existsSync, renameSync } from 'node:fs';
import type { ScannerRecovery } from '@shared/contract/scanner';
import type { FileDamage } from './file-damage';
import { journalFileOf, openOutboxJournal, type JournalEntry } from './outbox-journal';
import { openReplica, type ReplicaDb } from './replica-db';
import { salvageDoorFile, type SalvagedTable } from './salvage';
import { createReplica } from './replica';
import type { WalkInRecord } from './walk-in';

/** The meta key under which a fresh file remembers the damaged one it replaced. */
export const RECOVERY_META = 'recovery';

/**
 * Sets a damaged door file aside (renamed next to it, never deleted, with its WAL), starts a new
 * file in its place, and puts every not-yet-sent check-in and undo read from the old one into the
 * new file's outbox (walk-ins into its walk_ins), with their nonces: the next sync sends them, and the server applies each
 * once, even if it had one already. The new file keeps the old device id, so "checked in on
 * this device" still reads right, and records what happened until staff have read it.
 */
export function recoverDamagedFile(
  file: string,
  damage: FileDamage,
  options: { now?: Date; keepPrepared?: boolean } = {},
): ScannerRecovery {
  const now = options.now ?? new Date();
  const keptAs = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  // The outbox journal goes with it: salvage replays it, and the new file starts its own.
  for (const suffix of ['', '-wal', '-shm', journalFileOf('')]) {
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${keptAs}${suffix}`);
  }
  const salvaged = salvageDoorFile(keptAs, { withPrepared: options.keepPrepared });
  const recovery: ScannerRecovery = {
    at: now.toISOString(),
    reason: damage.reason,
    keptAs,
    recovered: salvaged.pending.length,
    unreadable: salvaged.unreadable,
  };

  const db = openReplica(file);
  const journaled: JournalEntry[] = [];
  try {
    db.transaction(() => {
      const setMeta = db.prepare('insert or replace into meta (key, value) values (?, ?)');
      if (salvaged.deviceId) setMeta.run('device_id', salvaged.deviceId);
      setMeta.run(RECOVERY_META, JSON.stringify(recovery));
      const add = db.prepare(
        `insert into outbox
           (nonce, kind, event_id, registration_id, check_in_nonce, at, staff_name, staff_user_id,
            staff_proof, point_id, direction)
         values
           (@nonce, @kind, @event_id, @registration_id, @check_in_nonce, @at, @staff_name,
            @staff_user_id, @staff_proof, @point_id, @direction)`,
      );
      const addWalkIn = db.prepare(
        `insert into walk_ins (nonce, event_id, at, staff_name, staff_user_id, walk_in)
         values (@nonce, @event_id, @at, @staff_name, @staff_user_id, @walk_in)`,
      );
      for (const item of salvaged.pending) {
        const row = item.kind === 'walkIn' ? addWalkIn.run(item) : add.run(item);
        journaled.push({ ...item, seq: Number(row.lastInsertRowid) });
      }
      for (const table of salvaged.tables) {
        db.exec(table.sql);
        copyRows(db, table);
      }
      const prepared = salvaged.prepared;
      if (prepared) {
        // The new file made these tables itself (same schema); the full-text index is rebuilt
        // from the attendees, as a prepare does.
        for (const table of prepared.tables) copyRows(db, table);
        // A walk-in is re-scanned from the copy: the one the station showed, if the page of
        // its row was lost (the next sync brings the server's).
        const replica = createReplica(db);
        for (const item of salvaged.pending) {
          if (item.kind !== 'walkIn' || replica.attendeeById(item.nonce)) continue;
          replica.applyAttendees([(JSON.parse(item.walk_in!) as WalkInRecord).attendee]);
        }
        db.exec(`insert into attendees_fts (attendees_fts) values ('rebuild')`);
        for (const { key, value } of prepared.meta) setMeta.run(key, value);
      }
    }).immediate();
  } finally {
    db.close();
  }
  // Committed: the new file's journal holds them too, should it ever be damaged in turn.
  const journal = openOutboxJournal(file);
  try {
    journal.append(journaled);
  } finally {
    journal.close();
  }
  return recovery;
}

function copyRows(db: ReplicaDb, table: SalvagedTable) {
  const [first] = table.rows;
  if (!first) return;
  const columns = Object.keys(first);
  const insert = db.prepare(
    `insert or ignore into "${table.name}" (${columns.map((c) => `"${c}"`).join(', ')})
     values (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  for (const row of table.rows) insert.run(row);
}
