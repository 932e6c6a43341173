import { copyFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDoorDevice } from '../../../../electron/core/door/device/device';
import { journalFileOf } from '../../../../electron/core/door/device/outbox-journal';
import { recoverDamagedFile } from '../../../../electron/core/door/device/recover';
import { salvageDoorFile } from '../../../../electron/core/door/device/salvage';
import type { WalkInRecord } from '../../../../electron/core/door/device/walk-in';
import { onCleanup } from '../../../support/cleanup';
import {
  addAttendees,
  checkInsOf,
  createEvent,
  openDevice,
  startDoorWorld,
  switchable,
  type DoorWorld,
} from '../fixtures';

// A walk-in turned the screen green like a scan: a door file killed or cut short afterwards must
// give it back (from the file, or from the outbox journal beside it), with its check-in, and the
// server must register it once when the salvaged file syncs.

let world: DoorWorld;
let eventId: string;
let doorFile: string;
/** Walk-ins (registration ids) and all pending nonces the intact file holds. */
let walkIns: string[];
let pending: string[];

beforeAll(async () => {
  world = await startDoorWorld('door_walk_in_salvage');
  eventId = await createEvent(world.test.core.db, 'Cut Short Walk-ins');
  const guests = await addAttendees(world.test.core.db, eventId, 200);
  const net = switchable(world.door);
  doorFile = join(world.dir, 'walk-ins.sqlite');
  const device = openDoorDevice({ file: doorFile, transport: net.transport, deviceId: 'gate-w' });
  await device.prepare(eventId);
  await device.sync();
  net.offline = true;
  await device.sync();
  walkIns = [];
  for (let i = 0; i < 3; i++) {
    const made = await device.walkIn(
      { name: `Walker ${i}`, email: `walker${i}@example.org`, answers: {} },
      false,
    );
    walkIns.push(made.result.attendee.id);
    for (const guest of guests.slice(i * 5, i * 5 + 5)) device.scan(guest.ticketCode);
  }
  await device.close();
  // Folds the WAL into the file, as the next open would: the cut falls on the whole file.
  const db = new Database(doorFile);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  pending = [
    ...db.prepare<[], string>('select nonce from walk_ins where sent_at is null').pluck().all(),
    ...db.prepare<[], string>('select nonce from outbox where sent_at is null').pluck().all(),
  ];
  db.close();
  expect(pending).toHaveLength(3 + 3 + 15);
});

let copies = 0;
function cutCopy(length: number): string {
  const copy = join(world.dir, `cut-${++copies}.sqlite`);
  copyFileSync(doorFile, copy);
  copyFileSync(journalFileOf(doorFile), journalFileOf(copy));
  truncateSync(copy, length);
  return copy;
}

describe('a door file with walk-ins, cut short', () => {
  it('gives back every walk-in with its check-in, wherever the cut falls', () => {
    const size = statSync(doorFile).size;
    const cuts = [
      0,
      100,
      4096,
      ...Array.from({ length: 8 }, (_, i) => Math.floor((size * (i + 1)) / 9)),
      size,
    ];
    for (const cut of cuts) {
      const salvaged = salvageDoorFile(cutCopy(cut)).pending;
      expect(salvaged.map((item) => item.nonce).sort()).toEqual([...pending].sort());
      const walked = salvaged.filter((item) => item.kind === 'walkIn');
      expect(
        walked.map((item) => (JSON.parse(item.walk_in!) as WalkInRecord).item.name).sort(),
      ).toEqual(['Walker 0', 'Walker 1', 'Walker 2']);
      // Each walk-in's check-in came back too.
      for (const id of walkIns) {
        expect(
          salvaged.some((item) => item.kind === 'checkIn' && item.registration_id === id),
        ).toBe(true);
      }
    }
  });

  it('registers each salvaged walk-in once when the new file syncs', async () => {
    const copy = cutCopy(4096);
    const recovery = recoverDamagedFile(copy, { kind: 'truncated', reason: 'cut short in a test' });
    expect(recovery.recovered).toBe(pending.length);
    const device = openDevice(world, 'unused', switchable(world.door).transport, { file: copy });
    onCleanup(() => device.close());
    expect(device.status()).toMatchObject({ pending: pending.length });
    expect(await device.sync()).toMatchObject({ online: true, pending: 0 });
    await device.sync();
    const registered = await world.test.core.db.many<{ id: string }>(
      'select id from event_registrations where event_id = $1 and walk_in is not null',
      [eventId],
    );
    expect(registered.map((r) => r.id).sort()).toEqual([...walkIns].sort());
    const checkIns = await checkInsOf(world.test.core.db, eventId);
    expect(checkIns).toHaveLength(18);
    expect(checkIns.filter((c) => walkIns.includes(c.registration_id))).toHaveLength(3);
  });
});
