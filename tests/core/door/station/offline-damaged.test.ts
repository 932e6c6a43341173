import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../electron/core';
import type { DeviceContext } from '../../../../electron/core/deps';
import { silentLogger } from '../../../../electron/core/log';
import { createMemorySecretStore } from '../../../../electron/core/secrets';
import { openUnavailableCore } from '../../../../electron/core/unavailable';
import { adminInput, makeCaller } from '../../../support/callers';
import { onCleanup } from '../../../support/cleanup';
import { createTestDatabase } from '../../../support/postgres';
import { unpluggable } from '../../../support/unpluggable';
import { addAttendees, createEvent, type TestAttendee } from '../seed';

// A door desktop whose file was damaged while the app was stopped, restarted with the server out
// of reach: main serves the fallback, whose station must set the file aside and salvage it the
// way the full core's station does, say so, keep scanning, and send what it saved once the
// server is back.

const PENDING = 12;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface World {
  device: DeviceContext;
  doorToken: string;
  eventId: string;
  guests: TestAttendee[];
  scannedNonces: string[];
  startCore(): Promise<Core>;
}

/** Prepared online, PENDING guests scanned with the network down, then the app stops. */
async function preparedThenStopped(label: string): Promise<World> {
  const database = await createTestDatabase(label);
  const net = await unpluggable(database.url);
  const dir = mkdtempSync(join(tmpdir(), `usher-${label}-`));
  const device: DeviceContext = {
    settingsFile: join(dir, 'settings.json'),
    secrets: createMemorySecretStore(),
    doorFile: join(dir, 'door.sqlite'),
  };
  const cores: Core[] = [];
  const startCore = async () => {
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
  const core = await startCore();
  const admin = makeCaller(core);
  await admin.ok('auth.setup', adminInput);
  const door = { email: 'dora@example.org', password: 'a long enough password' };
  await admin.ok('users.create', { ...door, fullName: 'Dora Door', role: 'door' });
  const dora = makeCaller(core);
  await dora.ok('auth.login', door);
  const eventId = await createEvent(core.db, 'Damaged Dawn');
  const guests = await addAttendees(core.db, eventId, 2_000);
  await dora.ok('scanner.prepare', { eventId });
  net.unplug();
  const scannedNonces: string[] = [];
  for (const guest of guests.slice(0, PENDING)) {
    const outcome = await dora.ok('scanner.scan', { code: guest.ticketCode });
    if (outcome.verdict !== 'valid') throw new Error(`not valid: ${outcome.verdict}`);
    scannedNonces.push(outcome.checkInId);
  }
  await core.close();
  net.plugIn();
  return { device, doorToken: dora.ctx.token!, eventId, guests, scannedNonces, startCore };
}

function attendeeLeafPages(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], { pageno: number }>(
        `select pageno from dbstat where name = 'attendees' and pagetype = 'leaf' order by pageno`,
      )
      .all()
      .map((page) => page.pageno);
  } finally {
    db.close();
  }
}

function overwrite(file: string, at: number, bytes: Buffer) {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, at);
  } finally {
    closeSync(fd);
  }
}

// Whether the prepared copy comes through whole: only then can the door go on scanning (a copy
// missing attendees would turn them away as unknown).
const damages: [string, RegExp, boolean, (file: string) => void][] = [
  [
    'its header overwritten',
    /^The start of the door file was overwritten/,
    true,
    (file) => overwrite(file, 0, Buffer.alloc(100, 0x5a)),
  ],
  [
    'garbage over attendee pages',
    /^Parts of the door file are damaged/,
    false,
    (file) => {
      for (const page of attendeeLeafPages(file).slice(2, 6)) {
        overwrite(file, (page - 1) * 4096, Buffer.alloc(4096, page & 0xff));
      }
    },
  ],
];

describe('a damaged door file, restarted without the server', () => {
  it.each(damages)(
    'with %s: sets it aside, salvages it, says so, and sends it all later',
    async (_kind, reason, keepsPrepared, damage) => {
      const world = await preparedThenStopped(`door_fallback_damage_${_kind.split(' ')[0]}`);
      const file = world.device.doorFile!;
      damage(file);
      const damagedHash = sha(file);

      const fallback = openUnavailableCore(
        world.device,
        'Usher could not start: the server cannot be reached.',
        silentLogger,
      );
      const station = makeCaller(fallback, world.doorToken);
      const status = await station.ok('scanner.status', {});
      expect(status.recovery).toMatchObject({
        reason: expect.stringMatching(reason),
        recovered: PENDING,
        unreadable: 0,
      });
      expect(status.pending).toBe(PENDING);
      // The damaged file is kept as it was found, beside the new one.
      expect(existsSync(status.recovery!.keptAs)).toBe(true);
      expect(sha(status.recovery!.keptAs)).toBe(damagedHash);
      // The cannot-start screen says it too.
      expect(await station.call('auth.session', {})).toMatchObject({
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message: expect.stringMatching(
            /cannot be reached\. The door file on this desktop was damaged .* 12 check-ins not yet sent were saved from it\.$/,
          ),
        },
      });
      let scannedAfter = 0;
      if (keepsPrepared) {
        // The door goes on: the check-ins it saved still count, new ones are taken.
        expect(status.event).toMatchObject({ title: 'Damaged Dawn' });
        expect(
          await station.ok('scanner.scan', { code: world.guests[0]!.ticketCode }),
        ).toMatchObject({ verdict: 'already_checked_in' });
        expect(
          await station.ok('scanner.scan', { code: world.guests[PENDING]!.ticketCode }),
        ).toMatchObject({ verdict: 'valid' });
        scannedAfter = 1;
      } else {
        // No trustworthy copy to decide from: it says so, and never guesses.
        expect(status.event).toBeNull();
        expect(
          await station.call('scanner.scan', { code: world.guests[0]!.ticketCode }),
        ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      }
      await fallback.close();

      const core = await world.startCore();
      const back = makeCaller(core, world.doorToken);
      await back.ok('scanner.sync', {});
      expect((await back.ok('scanner.status', {})).pending).toBe(0);
      const nonces = (
        await core.db.many<{ nonce: string }>('select nonce from check_ins where event_id = $1', [
          world.eventId,
        ])
      ).map((row) => row.nonce);
      expect(nonces).toHaveLength(PENDING + scannedAfter);
      expect(nonces).toEqual(expect.arrayContaining(world.scannedNonces));
    },
  );

  it('emptied to zero bytes: says so on the cannot-start screen instead of answering INTERNAL', async () => {
    const world = await preparedThenStopped('door_fallback_damage_empty');
    truncateSync(world.device.doorFile!, 0);
    const fallback = openUnavailableCore(
      world.device,
      'Usher could not start: the server cannot be reached.',
      silentLogger,
    );
    onCleanup(() => fallback.close());
    const station = makeCaller(fallback, world.doorToken);
    // Nothing of the file could be read, not even who used it: the station cannot know Dora.
    // Its check-ins come back from the outbox journal, and go once someone signs in online.
    expect(await station.call('scanner.status', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await station.call('auth.session', {})).toMatchObject({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringMatching(
          /The door file on this desktop was damaged \(The door file on this desktop is empty \(0 bytes\)\.\) It has been kept aside and a new one started; 12 check-ins not yet sent were saved from it\.$/,
        ),
      },
    });
  });
});
