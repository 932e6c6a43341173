import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core';
import { journalFileOf } from '../../../../electron/core/door/device/outbox-journal';
import { salvageDoorFile } from '../../../../electron/core/door/device/salvage';
import { silentLogger } from '../../../../electron/core/log';
import { createMemorySecretStore } from '../../../../electron/core/secrets';
import { adminInput, makeCaller } from '../../../support/callers';
import { onCleanup } from '../../../support/cleanup';
import { createTestDatabase } from '../../../support/postgres';
import { unpluggable } from '../../../support/unpluggable';
import { pointInput } from '../../../support/points';
import { addAttendees, createEvent } from '../seed';

// A door file cut short loses its last pages first, and SQLite keeps the newest outbox rows
// there: the check-ins just made. Salvage must bring back every pending check-in and undo whose
// bytes are still on disk, in the file or in the outbox journal beside it, at whatever offset
// the cut falls, and never one that was not made.

const SENT = 10;
const PENDING_SCANS = 60;
const UNDONE = 2;

let dir: string;
let doorFile: string;
/** The pending items (nonces) the intact file holds, in the order they were made. */
let pending: string[];
/** The outbox table's leaf pages in the whole file: where each ends, and its bytes. */
let outboxLeaves: { end: number; bytes: string }[];
let eventId: string;
interface Move {
  point_id: string | null;
  direction: string;
}
/** Where and which way each pending item went, as the intact file holds it. */
let moveOf: Map<string, Move>;

beforeAll(async () => {
  const database = await createTestDatabase('door_truncation');
  const net = await unpluggable(database.url);
  dir = mkdtempSync(join(tmpdir(), 'usher-door-truncation-'));
  doorFile = join(dir, 'door.sqlite');
  const core = await createCore({
    databaseUrl: net.url,
    log: silentLogger,
    device: {
      settingsFile: join(dir, 'settings.json'),
      secrets: createMemorySecretStore(),
      doorFile,
    },
  });
  onCleanup(async () => {
    await core.close().catch(() => undefined);
    await net.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const admin = makeCaller(core);
  await admin.ok('auth.setup', adminInput);
  const password = 'a long enough password';
  await admin.ok('users.create', {
    email: 'dora@example.org',
    fullName: 'Dora',
    role: 'door',
    password,
  });
  const door = makeCaller(core);
  await door.ok('auth.login', { email: 'dora@example.org', password });
  eventId = await createEvent(core.db, 'Cut Short');
  const guests = await addAttendees(core.db, eventId, 3_000);
  const hall = await admin.ok('points.create', {
    eventId,
    point: pointInput({ name: 'Hall', recordsExits: true }),
  });
  await door.ok('scanner.prepare', { eventId });
  // Some check-ins reach the server (the journal forgets them), then the network drops.
  for (const guest of guests.slice(0, SENT))
    await door.ok('scanner.scan', { code: guest.ticketCode });
  await door.ok('scanner.sync', {});
  expect((await door.ok('scanner.status', {})).pending).toBe(0);
  net.unplug();
  // Entries at the first point, entries at the hall, then exits from it (the last ones undone):
  // salvage must give each back where and which way it went.
  const made: string[] = [];
  const atFirst = guests.slice(SENT, SENT + PENDING_SCANS / 2);
  const inHall = guests.slice(SENT + PENDING_SCANS / 2, SENT + (PENDING_SCANS * 5) / 6);
  const moves = [
    ...atFirst.map((guest) => ({ guest, direction: 'in' as const, point: null })),
    ...inHall.map((guest) => ({ guest, direction: 'in' as const, point: hall.id })),
    ...inHall.slice(0, PENDING_SCANS / 6).map((guest) => ({
      guest,
      direction: 'out' as const,
      point: hall.id,
    })),
  ];
  for (const { guest, direction, point } of moves) {
    if (point) await door.ok('scanner.setPoint', { pointId: point, direction });
    const outcome = await door.ok('scanner.scan', { code: guest.ticketCode });
    if (outcome.verdict !== 'valid' && outcome.verdict !== 'exited') {
      throw new Error(`not recorded: ${outcome.verdict}`);
    }
    made.push(outcome.checkInId);
    if (made.length > PENDING_SCANS - UNDONE)
      await door.ok('scanner.undo', { checkInId: outcome.checkInId });
  }
  await core.close();
  // Folds a WAL left behind into the file, as the next open does: the cut then falls on the file
  // that holds everything.
  const db = new Database(doorFile);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  const rows = db
    .prepare<[], Move & { nonce: string }>(
      'select nonce, point_id, direction from outbox where sent_at is null order by seq',
    )
    .all();
  pending = rows.map((row) => row.nonce);
  moveOf = new Map(rows.map(({ nonce, ...move }) => [nonce, move]));
  expect(rows.filter((row) => row.direction === 'out')).toHaveLength(PENDING_SCANS / 6 + UNDONE);
  expect(rows.filter((row) => row.point_id === hall.id).length).toBeGreaterThan(PENDING_SCANS / 3);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const whole = readFileSync(doorFile);
  outboxLeaves = db
    .prepare<[], { pageno: number }>(
      `select pageno from dbstat where name = 'outbox' and pagetype = 'leaf'`,
    )
    .all()
    .map(({ pageno }) => ({
      end: pageno * pageSize,
      bytes: whole.subarray((pageno - 1) * pageSize, pageno * pageSize).toString('latin1'),
    }));
  expect(pending).toHaveLength(PENDING_SCANS + UNDONE);
  expect(existsSync(`${doorFile}-wal`)).toBe(false);
  db.close();
}, 120_000);

let copies = 0;
/** A copy of the door file and its journal, each cut at the given length (null: left whole). */
function cutCopy(fileLength: number | null, journalLength: number | null): string {
  const copy = join(dir, `copy-${++copies}.sqlite`);
  copyFileSync(doorFile, copy);
  copyFileSync(journalFileOf(doorFile), journalFileOf(copy));
  if (fileLength !== null) truncateSync(copy, fileLength);
  if (journalLength !== null) truncateSync(journalFileOf(copy), journalLength);
  return copy;
}

/** The nonces salvage gives back; each with the point and direction the intact file holds. */
function recoveredFrom(copy: string): string[] {
  const items = salvageDoorFile(copy).pending;
  for (const { nonce, point_id, direction } of items) {
    expect({ point_id, direction }, nonce).toEqual(moveOf.get(nonce));
  }
  return items.map((item) => item.nonce);
}

/**
 * Pending items whose bytes are still on disk: a whole journal line, or the outbox row on one of
 * the table's leaf pages left whole in the file. (Copies of a row in a page's free space, left
 * behind when SQLite moved it, are not the row: not counted.)
 */
function stillPresent(fileCut: number | null, journalCut: number | null): string[] {
  const inJournal = new Set(wholeJournalLines(journalCut ?? Infinity));
  const keptPages = outboxLeaves
    .filter((leaf) => fileCut === null || leaf.end <= fileCut)
    .map((leaf) => leaf.bytes)
    .join('');
  return pending.filter(
    (nonce) =>
      inJournal.has(nonce) ||
      keptPages.includes(`${nonce}checkIn${eventId}`) ||
      keptPages.includes(`${nonce}revert${eventId}`),
  );
}

/** Nonces on journal lines that end (newline included) within its first `length` bytes. */
function wholeJournalLines(length: number): string[] {
  const text = readFileSync(journalFileOf(doorFile)).subarray(0, length).toString('utf8');
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => (JSON.parse(line.slice(line.indexOf('\t') + 1)) as { nonce: string }).nonce);
}

describe('a door file cut short', () => {
  it('gives back every pending check-in and undo, wherever the cut falls', () => {
    const size = statSync(doorFile).size;
    const cuts = [
      0,
      100,
      4096,
      ...Array.from({ length: 24 }, (_, i) => Math.floor((size * (i + 1)) / 25)),
    ];
    const results = cuts.map((cut) => {
      const copy = cutCopy(cut, null);
      const recovered = recoveredFrom(copy);
      return {
        present: stillPresent(cut, null).length,
        cut,
        recovered: recovered.length,
        recoveredNonces: recovered,
      };
    });
    console.log(
      `door truncation (file cut, journal whole): ${results.map((r) => `${r.cut}:${r.recovered}/${r.present}`).join(' ')}`,
    );
    for (const result of results) {
      // Every one, in the order they were made, and nothing else.
      expect(result.recoveredNonces).toEqual(pending);
    }
  });

  it('with its journal cut short too: every item still written in either file, and no other', () => {
    const journalSize = statSync(journalFileOf(doorFile)).size;
    const fileSize = statSync(doorFile).size;
    const results: { fileCut: number; journalCut: number; present: number; recovered: number }[] =
      [];
    // Whole, lost, and cut among the outbox's own last pages.
    const pageSize = 4096;
    const cuts = [0, fileSize * 0.6, fileSize - 2 * pageSize, fileSize - pageSize - 100, fileSize];
    for (const fileCut of cuts.map(Math.floor)) {
      for (let i = 0; i <= 12; i++) {
        const journalCut = Math.floor((journalSize * i) / 12);
        const copy = cutCopy(fileCut, journalCut);
        const recovered = recoveredFrom(copy);
        const present = stillPresent(fileCut, journalCut);
        results.push({ fileCut, journalCut, present: present.length, recovered: recovered.length });
        // Never an item that was not made; never twice.
        expect(pending).toEqual(expect.arrayContaining(recovered));
        expect(new Set(recovered).size).toBe(recovered.length);
        // Every item whose bytes are left, in either file, comes back.
        expect(recovered).toEqual(expect.arrayContaining(present));
        if (fileCut === fileSize) expect(recovered).toEqual(pending);
      }
    }
    console.log(
      `door truncation (both cut), recovered/present: ${results.map((r) => `${r.recovered}/${r.present}`).join(' ')}`,
    );
  });
});
