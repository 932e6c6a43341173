import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

// A door file can be damaged by a disk or a machine that failed mid-write, a sync tool or a
// person copying it, or a file system repaired after a power cut. SQLite then answers every
// query with an error; the station must notice, say so in plain words, and keep what it can.

/** What is wrong with a door file, in words staff can read. */
export interface FileDamage {
  kind: 'empty' | 'not_a_database' | 'truncated' | 'corrupt';
  reason: string;
}

/** The 16 bytes every SQLite database file starts with. */
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Looks the file over before the device opens it: its size, its header, and SQLite's own
 * consistency check (`quick_check`, which reads every page of every table and index). A file that
 * does not exist is not damaged: the device makes a new one.
 */
export function findDamage(file: string): FileDamage | null {
  if (!existsSync(file)) return null;
  const size = statSync(file).size;
  if (size === 0) {
    // SQLite writes its header before its first commit: a database file never stays empty.
    return { kind: 'empty', reason: 'The door file on this desktop is empty (0 bytes).' };
  }
  const header = readHeader(file);
  if (!header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    return {
      kind: 'not_a_database',
      reason: 'The start of the door file was overwritten: it no longer reads as a database.',
    };
  }
  const pageSize = pageSizeOf(header);
  const pages = header.readUInt32BE(28);
  // The page count in the header is kept only while these two counters agree.
  const countValid = header.readUInt32BE(24) === header.readUInt32BE(92) && pages > 0;
  if (pageSize && countValid && size < pages * pageSize) {
    return {
      kind: 'truncated',
      reason: `The door file was cut short: it has ${size} of its ${pages * pageSize} bytes.`,
    };
  }
  const problems = quickCheck(file);
  if (problems.length === 0) return null;
  return {
    kind: 'corrupt',
    reason: `Parts of the door file are damaged (SQLite found ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems[0]}).`,
  };
}

/** The page size the header states; null when the field holds no valid size. */
export function pageSizeOf(header: Buffer): number | null {
  const raw = header.readUInt16BE(16);
  const size = raw === 1 ? 65_536 : raw;
  return size >= 512 && (size & (size - 1)) === 0 ? size : null;
}

/** SQLite's answer to a damaged file: the file (or a page of it) is not what it should be. */
export function isDamageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
  );
}

function readHeader(file: string): Buffer {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return header;
}

const MAX_PROBLEMS = 20;

function quickCheck(file: string): string[] {
  let db: Database.Database | null = null;
  try {
    // Read-only: a damaged file is set aside exactly as it was found.
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma(`quick_check(${MAX_PROBLEMS})`, { simple: false }) as {
      quick_check: string;
    }[];
    const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
    return problems;
  } catch (error) {
    if (isDamageError(error)) return [(error as Error).message];
    throw error;
  } finally {
    db?.close();
  }
}
