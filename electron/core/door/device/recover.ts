import { existsSync, renameSync } from 'node:fs';
import type { ScannerRecovery } from '@shared/contract/scanner';
import type { FileDamage } from './file-damage';
import { openReplica } from './replica-db';
import { salvageDoorFile } from './salvage';

/** The meta key under which a fresh file remembers the damaged one it replaced. */
export const RECOVERY_META = 'recovery';

/**
 * Sets a damaged door file aside (renamed next to it, never deleted, with its WAL), starts a new
 * file in its place, and puts every not-yet-sent check-in and undo read from the old one into the
 * new file's outbox, with their nonces: the next sync sends them, and the server applies each
 * once, even if it had one already. The new file keeps the old device id, so "checked in on
 * this device" still reads right, and records what happened until staff have read it.
 */
export function recoverDamagedFile(
  file: string,
  damage: FileDamage,
  now = new Date(),
): ScannerRecovery {
  const keptAs = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${keptAs}${suffix}`);
  }
  const salvaged = salvageDoorFile(keptAs);
  const recovery: ScannerRecovery = {
    at: now.toISOString(),
    reason: damage.reason,
    keptAs,
    recovered: salvaged.pending.length,
    unreadable: salvaged.unreadable,
  };

  const db = openReplica(file);
  try {
    db.transaction(() => {
      const setMeta = db.prepare('insert or replace into meta (key, value) values (?, ?)');
      if (salvaged.deviceId) setMeta.run('device_id', salvaged.deviceId);
      setMeta.run(RECOVERY_META, JSON.stringify(recovery));
      const add = db.prepare(
        `insert into outbox
           (nonce, kind, event_id, registration_id, check_in_nonce, at, staff_name, staff_user_id)
         values
           (@nonce, @kind, @event_id, @registration_id, @check_in_nonce, @at, @staff_name,
            @staff_user_id)`,
      );
      for (const item of salvaged.pending) add.run(item);
      for (const table of salvaged.tables) {
        db.exec(table.sql);
        for (const row of table.rows) {
          const columns = Object.keys(row);
          db.prepare(
            `insert or ignore into "${table.name}" (${columns.map((c) => `"${c}"`).join(', ')})
             values (${columns.map((c) => `@${c}`).join(', ')})`,
          ).run(row);
        }
      }
    }).immediate();
  } finally {
    db.close();
  }
  return recovery;
}
