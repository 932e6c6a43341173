import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDoorDevice } from '../../../../electron/core/door/device/device';
import type { DoorTransport } from '../../../../electron/core/door/device/types';
import {
  addAttendees,
  createEvent,
  openDevice,
  startDoorWorld,
  switchable,
  type DoorWorld,
} from '../fixtures';
import { spawnTsChild } from '../../../support/ts-child';

// A first download's last step (prepare-move.ts) runs with a rollback journal instead of the WAL,
// so its pages are written once. These tests hold it to the file's promises: the file is back in
// WAL after it, and a kill in the middle of it leaves the file as it was, scans not yet sent
// included.

const KILLS = 8;
const child = join(__dirname, 'prepare-child.ts');
const offline: DoorTransport = () => Promise.reject(new Error('connect ECONNREFUSED'));

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_prepare_journal');
});

/** What a fresh connection sees of the device file (after a device opened and closed it). */
function inspect(file: string, eventId: string) {
  const db = new Database(file);
  try {
    const one = (sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params);
    return {
      journal: db.pragma('journal_mode', { simple: true }),
      check: db.pragma('quick_check', { simple: true }),
      attendees: one('select count(*) from attendees where event_id = ?', eventId) as number,
      prepared: one('select count(*) from events where id = ? and prepared', eventId) as number,
      pending: one("select count(*) from outbox where kind = 'checkIn' and sent_at is null"),
    };
  } finally {
    db.close();
  }
}

describe('a first download', () => {
  it('is written into the file once, not through the WAL, and leaves the file in WAL', async () => {
    const eventId = await createEvent(world.test.core.db);
    const guests = await addAttendees(world.test.core.db, eventId, 10_000);
    const file = join(world.dir, 'once.sqlite');
    const device = openDevice(world, 'once', switchable(world.door).transport);
    await device.prepare(eventId);
    // Through the WAL, 10,000 attendees leave ~5 MB of frames behind (the WAL is reused, not
    // shrunk, after its checkpoint).
    const wal = `${file}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBeLessThan(256 * 1024);
    expect(device.scan(guests[9_999]!.ticketCode)).toMatchObject({ verdict: 'valid' });
    await device.close();
    expect(inspect(file, eventId)).toMatchObject({
      journal: 'wal',
      check: 'ok',
      attendees: 10_000,
      prepared: 1,
    });
  });
});

/** Runs the child until it is killed `afterLastMs` after the last page, or finishes. */
function prepareUntilKilled(
  file: string,
  answersFile: string,
  eventId: string,
  afterLastMs: number,
) {
  return new Promise<{ killed: boolean; moveMs: number | null; hotJournal: boolean }>(
    (done, fail) => {
      const proc = spawnTsChild(child, [file, answersFile, eventId]);
      let out = '';
      let err = '';
      let lastAt = 0;
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (!lastAt && out.includes('LAST\n')) {
          lastAt = performance.now();
          setTimeout(() => proc.kill('SIGKILL'), afterLastMs);
        }
      });
      proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      proc.on('error', fail);
      proc.on('exit', (code, signal) => {
        // Seen before any connection opens the file again (which rolls it back).
        const hotJournal = existsSync(`${file}-journal`);
        if (signal !== 'SIGKILL' && code !== 0) fail(new Error(`child failed (${code}): ${err}`));
        const finished = /DONE (\d+)/.exec(out);
        done({
          killed: signal === 'SIGKILL',
          moveMs: finished ? performance.now() - lastAt : null,
          hotJournal,
        });
      });
    },
  );
}

describe('a device killed while a first download moves into its file', () => {
  it(
    `keeps the file as it was, unsent scans included, or has the whole event (${KILLS} kills)`,
    { timeout: 180_000 },
    async () => {
      const db = world.test.core.db;
      // Event A is on the device with five scans it could not send yet.
      const eventA = await createEvent(db, 'At the door');
      const guestsA = await addAttendees(db, eventA, 20);
      const file = join(world.dir, 'killed.sqlite');
      const first = openDoorDevice({ file, transport: switchable(world.door).transport });
      await first.prepare(eventA);
      await first.close();
      const scanning = openDoorDevice({ file, transport: offline });
      for (const guest of guestsA.slice(0, 5)) {
        expect(scanning.scan(guest.ticketCode)).toMatchObject({ verdict: 'valid' });
      }
      await scanning.close();

      // Event B's download, as the server answered it, for the child to replay.
      const eventB = await createEvent(db, 'Next door');
      const guestsB = await addAttendees(db, eventB, 20_000);
      const answers: Record<string, unknown> = {};
      const recorder = (async (channel, input) => {
        const key = `${channel} ${JSON.stringify(input)}`;
        const answer = await world.door.call(channel, input);
        answers[key] = JSON.parse(JSON.stringify(answer));
        return answer;
      }) as DoorTransport;
      const rehearsal = openDoorDevice({
        file: join(world.dir, 'rehearsal.sqlite'),
        transport: recorder,
      });
      await rehearsal.prepare(eventB);
      await rehearsal.close();
      // A kill after the last page was saved to the scratch file resumes from its cursor.
      const [last] = Object.entries(answers).filter(
        ([, answer]) => (answer as { value: { done: boolean } }).value.done,
      );
      const lastInput = JSON.parse(last![0].slice('door.snapshot '.length)) as object;
      const cursor = (last![1] as { value: { cursor: string } }).value.cursor;
      await recorder('door.snapshot', { ...lastInput, eventId: eventB, cursor });
      const answersFile = join(world.dir, 'answers.json');
      writeFileSync(answersFile, JSON.stringify(answers));

      // Each run starts from a copy of the file as it is now.
      const copyOf = async (name: string) => {
        const copy = join(world.dir, `${name}.sqlite`);
        const source = new Database(file);
        await source.backup(copy);
        source.close();
        return copy;
      };
      // How long the move takes here: the kills land within it.
      const timed = await prepareUntilKilled(await copyOf('timing'), answersFile, eventB, 60_000);
      expect(timed.killed).toBe(false);
      const moveMs = timed.moveMs!;

      let hotJournals = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        const killed = await copyOf(`killed-${kill}`);
        const run = await prepareUntilKilled(killed, answersFile, eventB, Math.random() * moveMs);
        if (run.hotJournal) hotJournals++;
        // The next start opens the file as the app does: a hot journal is rolled back.
        await openDoorDevice({ file: killed, transport: offline }).close();
        const seen = inspect(killed, eventB);
        expect(seen).toMatchObject({ journal: 'wal', check: 'ok', pending: 5 });
        // All of event B or none of it.
        expect([0, 20_000]).toContain(seen.attendees);
        expect(seen.prepared).toBe(seen.attendees ? 1 : 0);
      }
      // Kills landed inside the move, while its journal was live.
      expect(hotJournals).toBeGreaterThan(0);

      const device = openDoorDevice({ file, transport: switchable(world.door).transport });
      try {
        await device.prepare(eventB);
        expect(device.scan(guestsB[19_999]!.ticketCode)).toMatchObject({ verdict: 'valid' });
        expect(await device.sync()).toMatchObject({ online: true, pending: 0 });
      } finally {
        await device.close();
      }
    },
  );
});
