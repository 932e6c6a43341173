import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ScannerStatus } from '@shared/contract/scanner';
import { createCore, type Core } from '../../../../electron/core';
import { silentLogger } from '../../../../electron/core/log';
import { createMemorySecretStore } from '../../../../electron/core/secrets';
import { makeCaller, adminInput, type Caller } from '../../../support/callers';
import { createTestDatabase } from '../../../support/postgres';
import { unpluggable } from '../../../support/unpluggable';
import { onCleanup } from '../../../support/cleanup';
import { journalFileOf } from '../../../../electron/core/door/device/outbox-journal';
import { addAttendees, createEvent } from '../seed';

// A door file damaged between two runs of the app: cut short, its header overwritten, pages of
// garbage, or emptied. The station must say so in plain words, keep the damaged file, send every
// check-in it can still read, and say how many it could not.

const PENDING = 40;

interface Damaged {
  /** The station's status after the restart on the damaged file. */
  status: ScannerStatus;
  /** The damaged file's bytes as they were before the restart. */
  damagedHash: string;
  dir: string;
  /** Nonces of the check-ins the server holds for the event once the station has synced. */
  serverNonces: string[];
  /** Nonces of the check-ins scanned before the damage. */
  scannedNonces: string[];
  door: Caller;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * A desktop scans PENDING tickets with the server out of reach, the app stops, `damage` is done
 * to its door file, and the app starts again with the server back.
 */
async function restartOnDamagedFile(
  label: string,
  damage: (file: string) => void,
): Promise<Damaged> {
  const database = await createTestDatabase(label);
  const net = await unpluggable(database.url);
  const dir = mkdtempSync(join(tmpdir(), `usher-${label}-`));
  const device = {
    settingsFile: join(dir, 'settings.json'),
    secrets: createMemorySecretStore(),
    doorFile: join(dir, 'door.sqlite'),
  };
  const cores: Core[] = [];
  const start = async () => {
    const core = await createCore({ databaseUrl: net.url, log: silentLogger, device });
    cores.push(core);
    return core;
  };
  onCleanup(async () => {
    for (const core of cores) await core.close().catch(() => undefined);
    await net.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const first = await start();
  const admin = makeCaller(first);
  await admin.ok('auth.setup', adminInput);
  const password = 'a long enough password';
  await admin.ok('users.create', {
    email: 'dora@example.org',
    fullName: 'Dora',
    role: 'door',
    password,
  });
  const door = makeCaller(first);
  await door.ok('auth.login', { email: 'dora@example.org', password });
  const eventId = await createEvent(first.db, 'Damaged Night');
  const guests = await addAttendees(first.db, eventId, 3_000);
  await door.ok('scanner.prepare', { eventId });
  net.unplug();
  const scannedNonces: string[] = [];
  for (const guest of guests.slice(0, PENDING)) {
    const outcome = await door.ok('scanner.scan', { code: guest.ticketCode });
    if (outcome.verdict !== 'valid') throw new Error(`not valid: ${outcome.verdict}`);
    scannedNonces.push(outcome.checkInId);
  }
  expect(await door.ok('scanner.status', {})).toMatchObject({ pending: PENDING });
  await first.close();

  damage(device.doorFile);
  const damagedHash = sha(device.doorFile);
  net.plugIn();
  const second = await start();
  const again = makeCaller(second, door.ctx.token);
  const status = await again.ok('scanner.status', {});
  await again.ok('scanner.sync', {});
  const serverNonces = (
    await second.db.many<{ nonce: string }>('select nonce from check_ins where event_id = $1', [
      eventId,
    ])
  ).map((row) => row.nonce);
  return { status, damagedHash, dir, serverNonces, scannedNonces, door: again };
}

/** Pages of a table or index, read before the damage is done. */
function pagesOf(file: string, name: string, type?: 'leaf' | 'internal'): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[string], { pageno: number; pagetype: string }>(
        'select pageno, pagetype from dbstat where name = ? order by pageno',
      )
      .all(name)
      .filter((page) => !type || page.pagetype === type)
      .map((page) => page.pageno);
  } finally {
    db.close();
  }
}

function overwritePages(file: string, pages: number[], pageSize = 4096) {
  const fd = openSync(file, 'r+');
  try {
    for (const page of pages) {
      const garbage = Buffer.alloc(pageSize);
      for (let i = 0; i < pageSize; i++) garbage[i] = (page * 31 + i * 17) & 0xff;
      writeSync(fd, garbage, 0, pageSize, (page - 1) * pageSize);
    }
  } finally {
    closeSync(fd);
  }
}

/** What every kind of damage must end in. */
async function expectRecovered(result: Damaged, reason: RegExp) {
  const { status, damagedHash, dir, serverNonces, scannedNonces, door } = result;
  expect(status.recovery).not.toBeNull();
  const recovery = status.recovery!;
  expect(recovery.reason).toMatch(reason);
  // The damaged file is kept, byte for byte, beside the new one.
  expect(existsSync(recovery.keptAs)).toBe(true);
  expect(sha(recovery.keptAs)).toBe(damagedHash);
  expect(readdirSync(dir).some((name) => name.startsWith('door.sqlite.damaged-'))).toBe(true);
  // Every check-in it read reached the server, with its own nonce, once.
  expect(serverNonces.length).toBe(recovery.recovered);
  expect(scannedNonces).toEqual(expect.arrayContaining(serverNonces));
  if (recovery.unreadable !== null) expect(recovery.recovered + recovery.unreadable).toBe(PENDING);
  // Nothing answers INTERNAL: the station works on its new file, and starts fresh when asked.
  const fresh = await door.ok('scanner.startFresh', {});
  expect(fresh).toMatchObject({ recovery: null, pending: 0, event: null });
  return recovery;
}

describe('a damaged door file', () => {
  it('cut short: keeps it, sends what it can read, and counts what it cannot', async () => {
    const result = await restartOnDamagedFile('door_damage_truncated', (file) =>
      truncateSync(file, Math.floor(statSync(file).size * 0.6)),
    );
    const recovery = await expectRecovered(
      result,
      /^The door file was cut short: it has \d+ of its \d+ bytes\.$/,
    );
    // Its outbox was at the end of the file, and is lost with it: the journal beside the file
    // still has every check-in.
    expect(recovery).toMatchObject({ recovered: PENDING, unreadable: 0 });
  });

  it('with its header overwritten: rebuilds it on a copy and sends every check-in', async () => {
    const result = await restartOnDamagedFile('door_damage_header', (file) => {
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
      closeSync(fd);
    });
    const recovery = await expectRecovered(result, /^The start of the door file was overwritten/);
    expect(recovery).toMatchObject({ recovered: PENDING, unreadable: 0 });
  });

  it('with garbage over attendee pages: sends every check-in', async () => {
    const result = await restartOnDamagedFile('door_damage_pages', (file) =>
      overwritePages(file, pagesOf(file, 'attendees', 'leaf').slice(3, 9)),
    );
    const recovery = await expectRecovered(
      result,
      /^Parts of the door file are damaged \(SQLite found/,
    );
    expect(recovery).toMatchObject({ recovered: PENDING, unreadable: 0 });
  });

  it('with garbage over a page of its outbox: replays the lost ones from the outbox journal', async () => {
    const result = await restartOnDamagedFile('door_damage_outbox', (file) => {
      const leaves = pagesOf(file, 'outbox', 'leaf');
      expect(leaves.length).toBeGreaterThan(1);
      overwritePages(file, leaves.slice(0, 1));
    });
    const recovery = await expectRecovered(result, /^Parts of the door file are damaged/);
    expect(recovery).toMatchObject({ recovered: PENDING, unreadable: 0 });
  });

  it('with garbage over a page of its outbox and its journal lost: sends the rest and counts the lost ones', async () => {
    const result = await restartOnDamagedFile('door_damage_outbox_nojournal', (file) => {
      const leaves = pagesOf(file, 'outbox', 'leaf');
      expect(leaves.length).toBeGreaterThan(1);
      overwritePages(file, leaves.slice(0, 1));
      rmSync(journalFileOf(file));
    });
    const recovery = await expectRecovered(result, /^Parts of the door file are damaged/);
    expect(recovery.unreadable).toBeGreaterThan(0);
    expect(recovery.recovered).toBeGreaterThan(0);
  });

  it('emptied to zero bytes: says so, keeps it, and replays every check-in from the journal', async () => {
    const result = await restartOnDamagedFile('door_damage_empty', (file) => truncateSync(file, 0));
    const recovery = await expectRecovered(
      result,
      /^The door file on this desktop is empty \(0 bytes\)\.$/,
    );
    // Nothing in the file counted them, so nothing can say none were lost.
    expect(recovery).toMatchObject({ recovered: PENDING, unreadable: null });
  });

  it('emptied to zero bytes with its journal lost: says the lost check-ins cannot be counted', async () => {
    const result = await restartOnDamagedFile('door_damage_empty_nojournal', (file) => {
      truncateSync(file, 0);
      rmSync(journalFileOf(file));
    });
    const recovery = await expectRecovered(
      result,
      /^The door file on this desktop is empty \(0 bytes\)\.$/,
    );
    expect(recovery).toMatchObject({ recovered: 0, unreadable: null });
  });
});

describe('a door file damaged while the station uses it', () => {
  it('answers UNAVAILABLE in plain words, never INTERNAL, and replaces the file keeping its check-ins', async () => {
    const database = await createTestDatabase('door_damage_live');
    const net = await unpluggable(database.url);
    const dir = mkdtempSync(join(tmpdir(), 'usher-door-damage-live-'));
    const file = join(dir, 'door.sqlite');
    const core = await createCore({
      databaseUrl: net.url,
      log: silentLogger,
      device: {
        settingsFile: join(dir, 'settings.json'),
        secrets: createMemorySecretStore(),
        doorFile: file,
      },
    });
    onCleanup(async () => {
      await core.close();
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
    const eventId = await createEvent(core.db, 'Live Damage');
    const guests = await addAttendees(core.db, eventId, 3_000);
    await door.ok('scanner.prepare', { eventId });
    net.unplug();
    for (const guest of guests.slice(0, 5))
      await door.ok('scanner.scan', { code: guest.ticketCode });

    // A failing disk: the attendees' pages turn to garbage under the running station. Another
    // connection's commit makes the station's connection read them again from the file.
    overwritePages(file, pagesOf(file, 'attendees', 'leaf'));
    const other = new Database(file);
    other.prepare(`insert or replace into meta (key, value) values ('poke', '1')`).run();
    other.close();

    const answer = await door.call('scanner.scan', { code: guests[2_500]!.ticketCode });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringMatching(/^The door file on this desktop was damaged/),
      },
    });
    const status = await door.ok('scanner.status', {});
    expect(status.recovery).toMatchObject({
      reason: expect.stringMatching(/^Parts of the door file are damaged \(SQLite said: /),
      recovered: 5,
      unreadable: 0,
    });
    expect(existsSync(status.recovery!.keptAs)).toBe(true);
    expect(status.pending).toBe(5);
  });
});
