import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fdatasync,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import type { Direction } from '@shared/contract/points';

// A second copy of every outbox entry, appended beside the door file. SQLite keeps the outbox's
// newest rows at the end of the file, the first bytes a cut-short file loses; this log does not
// depend on any of the file's pages, so salvage can replay every entry whose line survives.
// One line per entry: a checksum, a tab, the entry as JSON. A line cut short or overwritten
// fails its checksum and is skipped; the lines around it still read.

/**
 * An outbox entry as the journal keeps it, with the row it copies (`seq`: of the outbox, or of
 * walk_ins for a walk-in, whose `walk_in` holds that row's JSON).
 */
export interface JournalEntry {
  seq: number;
  nonce: string;
  kind: 'checkIn' | 'revert' | 'walkIn';
  event_id: string;
  registration_id: string;
  check_in_nonce: string | null;
  at: string;
  staff_name: string | null;
  staff_user_id: string | null;
  staff_proof: string | null;
  /**
   * Where and which way the move went (device schema step 4). Absent on lines written before it:
   * an entry at the event's first point, as then.
   */
  point_id?: string | null;
  direction?: Direction;
  walk_in?: string;
}

export const journalFileOf = (doorFile: string) => `${doorFile}.outbox-log`;

const checksum = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 16);

export interface OutboxJournal {
  /** Appends entries the outbox has committed; they reach the disk a moment later. */
  append(entries: JournalEntry[]): void;
  /** Empties the log: called only when the outbox has nothing left to send. */
  reset(): void;
  close(): void;
}

export function openOutboxJournal(doorFile: string): OutboxJournal {
  const fd = openSync(journalFileOf(doorFile), 'a', 0o600);
  let open = true;
  let syncing = false;
  let again = false;
  // The SQLite commit already made the scan durable; this copy is for a file damaged later, so
  // its flush to disk runs off the scan's path, one at a time.
  const flush = () => {
    if (!open) return;
    if (syncing) return void (again = true);
    syncing = true;
    fdatasync(fd, () => {
      syncing = false;
      if (again) {
        again = false;
        flush();
      }
    });
  };
  return {
    append(entries) {
      if (!open || entries.length === 0) return;
      const text = entries
        .map((entry) => {
          const json = JSON.stringify(entry);
          return `${checksum(json)}\t${json}\n`;
        })
        .join('');
      writeSync(fd, text);
      flush();
    },
    reset() {
      if (open) ftruncateSync(fd, 0);
    },
    close() {
      if (!open) return;
      open = false;
      fdatasyncSync(fd);
      closeSync(fd);
    },
  };
}

/** Every whole, intact entry of a door file's journal, in the order they were made. */
export function readOutboxJournal(doorFile: string): JournalEntry[] {
  const path = journalFileOf(doorFile);
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  // The piece after the last newline is a line still being written, or cut short.
  lines.pop();
  const entries: JournalEntry[] = [];
  for (const line of lines) {
    const tab = line.indexOf('\t');
    const json = line.slice(tab + 1);
    if (tab !== 16 || checksum(json) !== line.slice(0, tab)) continue;
    try {
      entries.push(JSON.parse(json) as JournalEntry);
    } catch {
      // A checksum that matched garbage: vanishingly rare, and still not an entry.
    }
  }
  return entries;
}
