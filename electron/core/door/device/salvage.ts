import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MAGIC } from './file-damage';
import { readOutboxJournal } from './outbox-journal';
import type { Direction } from '@shared/contract/points';

/** An outbox (or walk_ins) row as the device keeps it: what it still has to send. */
export interface SalvagedItem {
  nonce: string;
  kind: 'checkIn' | 'revert' | 'walkIn';
  event_id: string;
  registration_id: string;
  check_in_nonce: string | null;
  at: string;
  staff_name: string | null;
  staff_user_id: string | null;
  staff_proof: string | null;
  /** Where and which way the move went; null: the event's first point (an item from before). */
  point_id: string | null;
  direction: Direction;
  /** A walk-in's row as JSON (walk-in.ts WalkInRecord). */
  walk_in?: string;
}

/** A whole table that came through intact, with the statement that made it. */
export interface SalvagedTable {
  name: string;
  sql: string;
  rows: Record<string, unknown>[];
}

export interface Salvaged {
  deviceId: string | null;
  /** Check-ins, undos and walk-ins not yet sent, in the order they were made. */
  pending: SalvagedItem[];
  /**
   * Items not yet sent that could not be read. Counted from the outbox's index of pending items
   * when it survived, else from the gaps in the sequence; null when nothing gave a way to count.
   */
  unreadable: number | null;
  /** Small tables the station keeps in the same file (the door staff it knows). */
  tables: SalvagedTable[];
  /**
   * The prepared copy (the event, its attendees, the server's check-ins, which event is active),
   * when asked for and every page of it passed SQLite's check; null otherwise.
   */
  prepared: SalvagedPrepared | null;
}

export interface SalvagedPrepared {
  /** Which event is active and the point the station was set to (PREPARED_META). */
  meta: { key: string; value: string }[];
  tables: SalvagedTable[];
}

const PAGE_SIZES = [4096, 1024, 2048, 8192, 16384, 32768, 65536, 512];
// Tables worth carrying over whole when they read cleanly; everything else comes from the server.
const CARRIED_TABLES = ['known_staff'];
// The prepared copy: carried only whole, and only when asked (the server is out of reach, so
// nothing else could keep the door open). A copy missing one attendee would call them unknown;
// one without its points would decide at a point it does not know.
const PREPARED_TABLES = ['events', 'attendees', 'server_checkins', 'points'];
// What the prepared copy's meta holds about the door: the active event, the station's point.
const PREPARED_META = ['active_event', 'station_point'];
const itemColumns = `nonce, kind, event_id, registration_id, check_in_nonce, at, staff_name,
  staff_user_id, sent_at`;

/** What the file itself gave, before the journal fills the gaps. */
interface FromFile extends Salvaged {
  /** Items the server already has (read as sent): never replayed from the journal. */
  sent: Set<string>;
  /** The sequence numbers of pending items whose rows could not be read; null when unknown. */
  lost: number[] | null;
}

/**
 * Reads what it can from a damaged door file, without changing it: from a copy in a temporary
 * folder (SQLite may write to the file it opens), whose header is rebuilt if it was overwritten.
 * Rows are read one by one where a whole-table read fails, so one bad page costs only its rows.
 */
export function salvageDoorFile(file: string, options: { withPrepared?: boolean } = {}): Salvaged {
  const journal = readOutboxJournal(file);
  const { sent, lost, ...fromFile } = readFile(file, options);
  // Entries the file lost (a cut-short file loses its newest rows first) come from the journal.
  const pending = [...fromFile.pending];
  const known = new Set([...sent, ...pending.map((item) => item.nonce)]);
  const replayedSeqs = new Set<number>();
  for (const { seq, point_id = null, direction = 'in', ...entry } of journal) {
    if (known.has(entry.nonce)) continue;
    known.add(entry.nonce);
    pending.push({ ...entry, point_id, direction });
    // A walk-in's seq is of its own table: the outbox's gaps count outbox rows only.
    if (entry.kind !== 'walkIn') replayedSeqs.add(seq);
  }
  // In the order they were made: an undo always after the check-in it takes back.
  pending.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const unreadable = lost ? lost.filter((seq) => !replayedSeqs.has(seq)).length : null;
  return { ...fromFile, pending, unreadable };
}

function readFile(file: string, options: { withPrepared?: boolean }): FromFile {
  const nothing: FromFile = {
    deviceId: null,
    pending: [],
    unreadable: null,
    tables: [],
    prepared: null,
    sent: new Set(),
    lost: null,
  };
  if (!existsSync(file) || statSync(file).size === 0) return nothing;
  const dir = mkdtempSync(join(tmpdir(), 'usher-salvage-'));
  try {
    const copy = join(dir, basename(file));
    copyFileSync(file, copy);
    const hasWal = existsSync(`${file}-wal`);
    if (hasWal) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = openReadable(copy, hasWal);
    if (!db) return nothing;
    try {
      return { ...read(db), prepared: options.withPrepared ? readPrepared(db) : null };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readPrepared(db: Database.Database): SalvagedPrepared | null {
  try {
    const tables: SalvagedTable[] = [];
    for (const name of PREPARED_TABLES) {
      const sql = db
        .prepare<[string], { sql: string }>(`select sql from sqlite_schema where name = ?`)
        .get(name)?.sql;
      // A file from before the door day has no points: the next pull brings them.
      if (!sql && name === 'points') continue;
      if (!sql) return null;
      // Every page of the table and of its indexes, checked before a row is trusted.
      const check = db.pragma(`quick_check("${name}")`, { simple: true });
      if (check !== 'ok') return null;
      tables.push({ name, sql, rows: db.prepare(`select * from "${name}"`).all() as Row[] });
    }
    const meta = db
      .prepare<string[], { key: string; value: string }>(
        `select key, value from meta where key in (${PREPARED_META.map(() => '?').join(', ')})`,
      )
      .all(...PREPARED_META);
    return { meta, tables };
  } catch {
    return null;
  }
}

type Row = Record<string, unknown>;

function read(db: Database.Database): Omit<FromFile, 'prepared'> {
  const all = <T>(sql: string, ...params: unknown[]): T[] | null => {
    try {
      return db.prepare<unknown[], T>(sql).all(...params);
    } catch {
      return null;
    }
  };
  const one = <T>(sql: string, ...params: unknown[]): T | null =>
    all<T>(sql, ...params)?.[0] ?? null;

  const deviceId =
    one<{ value: string }>(`select value from meta where key = 'device_id'`)?.value ?? null;
  // The partial index of pending items is a b-tree of its own: it often survives a bad table page.
  const pendingSeqs = all<{ seq: number }>(
    'select seq from outbox indexed by outbox_pending where sent_at is null order by seq',
  )?.map((row) => row.seq);
  const lastSeq =
    one<{ seq: number }>(`select seq from sqlite_sequence where name = 'outbox'`)?.seq ??
    one<{ seq: number | null }>('select max(seq) as seq from outbox')?.seq ??
    null;

  type Row = SalvagedItem & { seq: number; sent_at: string | null };
  // A file from a build before a column existed has nothing of it to carry: no proofs, and moves
  // that were all entries at the event's first point.
  const outboxColumns = new Set(
    all<{ name: string }>(`select name from pragma_table_info('outbox')`)?.map(
      (column) => column.name,
    ) ?? [],
  );
  const hasPoints = outboxColumns.has('point_id');
  const columns = [
    itemColumns,
    outboxColumns.has('staff_proof') ? 'staff_proof' : 'null as staff_proof',
    hasPoints ? 'point_id' : 'null as point_id',
    hasPoints ? 'direction' : `'in' as direction`,
  ].join(', ');
  let pending: SalvagedItem[];
  let lost: number[] | null = [];
  const sent = new Set(
    all<{ nonce: string }>('select nonce from outbox where sent_at is not null')?.map(
      (row) => row.nonce,
    ) ?? [],
  );
  const whole = all<Row>(`select seq, ${columns} from outbox where sent_at is null order by seq`);
  if (whole) {
    pending = whole.map(toItem);
  } else {
    const candidates = pendingSeqs ?? (lastSeq ? range(1, lastSeq) : null);
    pending = [];
    const failed: number[] = [];
    for (const seq of candidates ?? []) {
      const row = all<Row>(`select seq, ${columns} from outbox where seq = ?`, seq);
      // A row that errors, or that the sequence says exists but the table no longer has, was
      // lost with its page.
      if (!row?.[0]) failed.push(seq);
      else if (row[0].sent_at === null) pending.push(toItem(row[0]));
      else sent.add(row[0].nonce);
    }
    lost = candidates ? failed : null;
  }

  // Walk-ins wait in a table of their own (a file from before it has none). Its rows are few:
  // whatever a damaged page takes, the journal still holds.
  const walkIns =
    all<SalvagedItem & { sent_at: string | null }>(
      `select nonce, 'walkIn' as kind, event_id, nonce as registration_id,
              null as check_in_nonce, at, staff_name, staff_user_id, null as staff_proof,
              walk_in, sent_at
         from walk_ins order by seq`,
    ) ?? [];
  for (const { sent_at: sentAt, ...walkIn } of walkIns) {
    if (sentAt === null) pending.push(walkIn);
    else sent.add(walkIn.nonce);
  }

  const tables: SalvagedTable[] = [];
  for (const name of CARRIED_TABLES) {
    const sql = one<{ sql: string }>(
      `select sql from sqlite_schema where type = 'table' and name = ?`,
      name,
    )?.sql;
    const rows = sql ? all<Record<string, unknown>>(`select * from "${name}"`) : null;
    if (sql && rows) tables.push({ name, sql, rows });
  }
  return { deviceId, pending, unreadable: lost?.length ?? null, tables, sent, lost };
}

function toItem({
  seq: _seq,
  sent_at: _sent,
  ...item
}: SalvagedItem & { seq: number; sent_at: string | null }): SalvagedItem {
  return item;
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/**
 * Opens the copy, rebuilding its 100-byte header first when that was overwritten. The rest of
 * the file still holds every page; only the header's facts are lost, and they can be worked out:
 * the page size (tried until the schema reads), the page count (from the size), and the journal
 * mode (WAL when there is a WAL file). See https://www.sqlite.org/fileformat.html#the_database_header
 */
function openReadable(copy: string, hasWal: boolean): Database.Database | null {
  const readsSchema = () => {
    let db: Database.Database | null = null;
    try {
      db = new Database(copy, { fileMustExist: true });
      // Lets SQLite open a file shorter than its header says (a cut-short file) instead of
      // refusing it whole; on this throwaway copy nothing is ever written.
      db.unsafeMode(true);
      db.pragma('writable_schema = ON');
      db.prepare('select count(*) from sqlite_schema').get();
      return db;
    } catch {
      db?.close();
      return null;
    }
  };
  const header = Buffer.alloc(100);
  const fd = openSync(copy, 'r+');
  try {
    const { size } = statSync(copy);
    const got = Buffer.alloc(16);
    readSync(fd, got, 0, 16, 0);
    if (got.equals(SQLITE_MAGIC)) return readsSchema();
    for (const pageSize of PAGE_SIZES) {
      if (size < pageSize) continue;
      writeHeader(header, pageSize, Math.floor(size / pageSize), hasWal);
      writeSync(fd, header, 0, 100, 0);
      const db = readsSchema();
      if (db) return db;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

function writeHeader(header: Buffer, pageSize: number, pages: number, wal: boolean) {
  header.fill(0);
  SQLITE_MAGIC.copy(header, 0);
  header.writeUInt16BE(pageSize === 65_536 ? 1 : pageSize, 16);
  header[18] = wal ? 2 : 1; // file format write version: 2 = WAL
  header[19] = wal ? 2 : 1; // read version
  header[20] = 0; // reserved bytes per page
  header[21] = 64; // max embedded payload fraction (fixed)
  header[22] = 32; // min embedded payload fraction (fixed)
  header[23] = 32; // leaf payload fraction (fixed)
  header.writeUInt32BE(1, 24); // change counter
  header.writeUInt32BE(pages, 28); // size in pages
  // Free-list trunk and count stay 0: a copy only read from needs no free pages.
  header.writeUInt32BE(1, 40); // schema cookie
  header.writeUInt32BE(4, 44); // schema format
  header.writeUInt32BE(1, 56); // text encoding: UTF-8
  header.writeUInt32BE(1, 92); // version-valid-for = change counter: the page count holds
  header.writeUInt32BE(3_045_000, 96);
}
