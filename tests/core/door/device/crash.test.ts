import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDoorDevice } from '../../../../electron/core/door/device/device';
import {
  addAttendees,
  checkInsOf,
  createEvent,
  startDoorWorld,
  switchable,
  type DoorWorld,
} from '../fixtures';
import { spawnTsChild } from '../../../support/ts-child';

const KILLS = 20;
const child = join(__dirname, 'scan-child.ts');

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_crash');
});

/**
 * Starts the scanning child and SIGKILLs it after a random delay, counted from its start or from
 * its first green scan. Returns the complete lines it printed.
 */
function scanUntilKilled(file: string, codesFile: string): Promise<string[]> {
  return new Promise((done, fail) => {
    const proc = spawnTsChild(child, [file, codesFile]);
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const killLater = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => proc.kill('SIGKILL'), ms);
    };
    const fromStart = Math.random() < 0.3;
    if (fromStart) killLater(Math.random() * 800);
    proc.stdout.on('data', (chunk: Buffer) => {
      if (!fromStart && out === '') killLater(Math.random() * 60);
      out += chunk.toString();
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', fail);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) fail(new Error(`child failed (${code}): ${err}`));
      // A line cut by the kill was never fully shown: only whole lines count.
      done(
        out
          .split('\n')
          .slice(0, -1)
          .filter((line) => line !== 'DONE'),
      );
    });
  });
}

describe('a device killed at random moments', () => {
  it(
    `loses no check-in that turned the screen green (${KILLS} kills)`,
    { timeout: 180_000 },
    async () => {
      const eventId = await createEvent(world.test.core.db);
      const guests = await addAttendees(world.test.core.db, eventId, 5_000);
      const file = join(world.dir, 'crashy.sqlite');
      const codesFile = join(world.dir, 'codes.txt');
      writeFileSync(codesFile, guests.map((g) => g.ticketCode).join('\n'));

      const prepared = openDoorDevice({
        file,
        transport: switchable(world.door).transport,
        deviceId: 'crashy',
      });
      await prepared.prepare(eventId);
      await prepared.close();

      const printed: string[] = [];
      for (let kill = 0; kill < KILLS; kill++)
        printed.push(...(await scanUntilKilled(file, codesFile)));

      // A green scan whose commit was lost would be scanned green again by the next run.
      expect(new Set(printed).size).toBe(printed.length);
      expect(printed.length).toBeGreaterThan(0);

      const device = openDoorDevice({ file, transport: switchable(world.door).transport });
      try {
        expect(await device.sync()).toMatchObject({ online: true, pending: 0 });
      } finally {
        await device.close();
      }
      const rows = await checkInsOf(world.test.core.db, eventId);
      const codeOf = new Map(guests.map((g) => [g.id, g.ticketCode]));
      const perCode = new Map<string, number>();
      for (const row of rows) {
        const code = codeOf.get(row.registration_id)!;
        perCode.set(code, (perCode.get(code) ?? 0) + 1);
      }
      for (const code of printed) expect(perCode.get(code)).toBe(1);
      expect([...perCode.values()].every((n) => n === 1)).toBe(true);

      // Everything committed locally (printed or cut before printing) reached the server.
      const local = new Database(file, { readonly: true });
      try {
        const outbox = local
          .prepare("select count(*) as n from outbox where kind = 'checkIn'")
          .get() as {
          n: number;
        };
        expect(rows).toHaveLength(outbox.n);
      } finally {
        local.close();
      }
    },
  );
});
