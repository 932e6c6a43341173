import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DoorTransport } from '../../../../electron/core/door/device/types';
import { serverUrl } from '../../../support/postgres';
import {
  addAttendees,
  checkedInCount,
  checkInsOf,
  createEvent,
  openDevice,
  startDoorWorld,
  switchable,
  type DoorWorld,
  type TestAttendee,
} from '../fixtures';

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_offline');
});

async function preparedEvent(count: number) {
  const eventId = await createEvent(world.test.core.db);
  const guests = await addAttendees(world.test.core.db, eventId, count);
  return { eventId, guests };
}

const expectOnePerGuest = async (eventId: string, guests: TestAttendee[]) => {
  const rows = await checkInsOf(world.test.core.db, eventId);
  expect(rows).toHaveLength(guests.length);
  expect(new Set(rows.map((r) => r.registration_id))).toEqual(new Set(guests.map((g) => g.id)));
  expect(rows.every((r) => !r.forced)).toBe(true);
  expect(await checkedInCount(world.test.core.db, eventId)).toBe(guests.length);
};

describe('a device that loses the server', () => {
  it('accepts 500 scans offline and syncs them once when the server is back', async () => {
    const { eventId, guests } = await preparedEvent(600);
    const net = switchable(world.door);
    const device = openDevice(world, 'offline-500', net.transport);
    await device.prepare(eventId);

    net.offline = true;
    const scanned = guests.slice(0, 500);
    for (const guest of scanned) expect(device.scan(guest.ticketCode).verdict).toBe('valid');
    const offline = await device.sync();
    expect(offline).toMatchObject({ online: false, uploaded: 0, pending: 500 });
    expect(device.status()).toMatchObject({ online: false, pending: 500 });
    // Offline, the device still knows who it let in.
    expect(device.scan(scanned[0]!.ticketCode)).toMatchObject({
      verdict: 'already_checked_in',
      previous: { deviceId: 'offline-500', pending: true, staffName: 'Staff at offline-500' },
    });
    expect(await checkInsOf(world.test.core.db, eventId)).toEqual([]);

    net.offline = false;
    const back = await device.sync();
    expect(back).toMatchObject({ online: true, uploaded: 500, pending: 0, error: null });
    await device.sync();
    expect(device.status()).toMatchObject({ online: true, pending: 0, conflicts: 0, rejected: 0 });
    await expectOnePerGuest(eventId, scanned);
    expect(device.scan(scanned[0]!.ticketCode)).toMatchObject({
      verdict: 'already_checked_in',
      previous: { pending: false, deviceId: 'offline-500', staffName: 'door person' },
    });
  });

  it('re-sends a batch whose answer was lost without duplicating it', async () => {
    const { eventId, guests } = await preparedEvent(30);
    const net = switchable(world.door);
    const device = openDevice(world, 'lost-answer', net.transport);
    await device.prepare(eventId);
    for (const guest of guests) device.scan(guest.ticketCode);

    net.loseNextAnswer = true;
    expect(await device.sync()).toMatchObject({ online: false, pending: 30 });
    expect(await checkInsOf(world.test.core.db, eventId)).toHaveLength(30);
    expect(await device.sync()).toMatchObject({ online: true, pending: 0 });
    await expectOnePerGuest(eventId, guests);
  });

  it('keeps what an upload answered even when the pull after it fails', async () => {
    const { eventId, guests } = await preparedEvent(3);
    const net = switchable(world.door);
    let pullsFail = false;
    const uploadsOnly: DoorTransport = (channel, input) =>
      pullsFail && channel === 'door.changes'
        ? Promise.reject(new Error('connection reset'))
        : net.transport(channel, input);
    const device = openDevice(world, 'no-pull', uploadsOnly);
    await device.prepare(eventId);
    pullsFail = true;

    const scan = device.scan(guests[0]!.ticketCode);
    expect(await device.sync()).toMatchObject({ online: false, uploaded: 1, pending: 0 });
    expect(device.scan(guests[0]!.ticketCode)).toMatchObject({
      verdict: 'already_checked_in',
      previous: { pending: false, receivedAt: expect.any(String) },
    });
    if (scan.verdict === 'valid') device.undo(scan.checkInId);
    expect(await device.sync()).toMatchObject({ online: false, uploaded: 1, pending: 0 });
    expect(device.scan(guests[0]!.ticketCode).verdict).toBe('valid');
  });

  it('counts a server that does not answer in time as offline', async () => {
    const { eventId, guests } = await preparedEvent(5);
    const net = switchable(world.door);
    let hang = false;
    const slow: DoorTransport = (channel, input) =>
      hang ? new Promise(() => {}) : net.transport(channel, input);
    // Long enough for a real answer on a loaded machine; the hung one waits it out once.
    const device = openDevice(world, 'slow', slow, { sync: { timeoutMs: 1_000 } });
    await device.prepare(eventId);
    hang = true;
    device.scan(guests[0]!.ticketCode);
    expect(await device.sync()).toMatchObject({ online: false, pending: 1 });
    expect(device.status().lastError).toMatch(/no answer/);
    hang = false;
    expect(await device.sync()).toMatchObject({ online: true, pending: 0 });
  });

  it('sends a long queue in smaller batches when the server cannot take a whole one in time', async () => {
    const { eventId, guests } = await preparedEvent(250);
    const net = switchable(world.door);
    // A loaded server: 8 ms a check-in, and an upload it cannot finish within the device's
    // timeout (1 s) never answers.
    const loaded: DoorTransport = async (channel, input) => {
      if (channel !== 'checkins.upload') return net.transport(channel, input);
      const takes = (input as { items: unknown[] }).items.length * 8;
      if (takes >= 1_000) return new Promise(() => {});
      await new Promise((resolve) => setTimeout(resolve, takes));
      return net.transport(channel, input);
    };
    const device = openDevice(world, 'loaded', loaded, { sync: { timeoutMs: 1_000 } });
    await device.prepare(eventId);
    for (const guest of guests) device.scan(guest.ticketCode);

    // 1,000 a batch at first, then 500, 250 and 125, each abandoned; 62 go through.
    let report = await device.sync();
    for (let tries = 1; report.pending > 0 && tries < 8; tries++) report = await device.sync();
    expect(report).toMatchObject({ online: true, pending: 0 });
    await expectOnePerGuest(eventId, guests);
  });

  it('goes offline and recovers by itself when PostgreSQL stops taking connections', async () => {
    const { eventId, guests } = await preparedEvent(50);
    const device = openDevice(world, 'auto', world.door.call as DoorTransport, {
      sync: { pullIntervalMs: 20, maxBackoffMs: 50, timeoutMs: 2_000 },
    });
    await device.prepare(eventId);
    device.start();
    await cutDatabase(world.test.database.name, true);
    try {
      for (const guest of guests) expect(device.scan(guest.ticketCode).verdict).toBe('valid');
      await vi.waitFor(() => expect(device.status().online).toBe(false), { timeout: 10_000 });
      expect(device.status().pending).toBeGreaterThan(0);
    } finally {
      await cutDatabase(world.test.database.name, false);
    }
    await vi.waitFor(() => expect(device.status()).toMatchObject({ online: true, pending: 0 }), {
      timeout: 20_000,
      interval: 50,
    });
    device.stop();
    await expectOnePerGuest(eventId, guests);
  });
});

/** Stops (or restores) new connections to the core's database and ends the open ones. */
async function cutDatabase(name: string, cut: boolean) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`alter database ${name} allow_connections ${cut ? 'false' : 'true'}`);
    if (cut) {
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
    }
  } finally {
    await admin.end();
  }
}
