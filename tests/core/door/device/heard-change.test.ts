import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DoorTransport } from '../../../../electron/core/door/device/types';
import {
  addAttendees,
  createEvent,
  openDevice,
  startDoorWorld,
  switchable,
  type DoorWorld,
} from '../fixtures';

// A station hears other desktops' check-ins on the live feed (issue 16: every station and the
// server agree on who is inside within seconds of a reconnection). Each device here would not
// sync again on its own for an hour, so only the note can bring the change in time.

const HOUR = 3_600_000;
let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_heard');
});

async function twoDevices(label: string, attendees = 3) {
  const eventId = await createEvent(world.test.core.db);
  const guests = await addAttendees(world.test.core.db, eventId, attendees);
  const net = switchable(world.door);
  const quiet = openDevice(world, `${label}-quiet`, net.transport, {
    sync: { pullIntervalMs: HOUR, maxBackoffMs: HOUR },
  });
  const other = openDevice(world, `${label}-other`, world.door.call as DoorTransport);
  await quiet.prepare(eventId);
  await other.prepare(eventId);
  return { eventId, guests, net, quiet, other };
}

const checkedInOn = (device: ReturnType<typeof openDevice>, name: string) =>
  device.search(name).find((hit) => hit.name === name)?.checkIn ?? null;

describe('a device that hears a change note', () => {
  it("pulls another desktop's check-in at once, and ignores notes about other events", async () => {
    const { eventId, guests, net, quiet, other } = await twoDevices('online');
    quiet.start();
    await vi.waitFor(() => expect(quiet.status().online).toBe(true));
    const pulls = () => net.requests.filter((channel) => channel === 'door.changes').length;
    const before = pulls();

    quiet.heardChange({ eventId: '00000000-0000-4000-8000-000000000000' });
    expect(other.scan(guests[0]!.ticketCode).verdict).toBe('valid');
    await other.sync();
    quiet.heardChange({ eventId });

    await vi.waitFor(() => expect(checkedInOn(quiet, 'Guest 1')).not.toBeNull());
    expect(quiet.scan(guests[0]!.ticketCode).verdict).toBe('already_checked_in');
    // The note about another event started no pull of its own.
    expect(pulls() - before).toBe(1);
  });

  it('tries again at once when offline, without waiting for its backoff', async () => {
    const { guests, net, quiet, other } = await twoDevices('offline');
    net.offline = true;
    quiet.start();
    await vi.waitFor(() => expect(quiet.status().online).toBe(false));
    // Failures enough that the next background retry waits the whole hour, once the one already
    // due (about a second after the first failure) has failed too.
    for (let i = 0; i < 14; i++) await quiet.sync();
    const tries = net.requests.length;
    await vi.waitFor(() => expect(net.requests.length).toBeGreaterThan(tries), { timeout: 5_000 });
    expect(quiet.scan(guests[1]!.ticketCode).verdict).toBe('valid');
    expect(quiet.status().pending).toBe(1);

    net.offline = false;
    expect(other.scan(guests[2]!.ticketCode).verdict).toBe('valid');
    await other.sync();
    quiet.heardChange({ allEvents: true });

    await vi.waitFor(() => expect(quiet.status()).toMatchObject({ online: true, pending: 0 }), {
      timeout: 10_000,
    });
    expect(checkedInOn(quiet, 'Guest 3')).not.toBeNull();
  });

  it('takes scans and notes that come many times a second together, not one sync each', async () => {
    const { eventId, guests, net, quiet } = await twoDevices('busy', 30);
    quiet.start();
    await vi.waitFor(() => expect(quiet.status().online).toBe(true));
    const uploads = () => net.requests.filter((channel) => channel === 'checkins.upload').length;
    const before = uploads();

    // A busy gate: a scan every few milliseconds, and a note from another station with each.
    const began = performance.now();
    for (const guest of guests) {
      expect(quiet.scan(guest.ticketCode).verdict).toBe('valid');
      quiet.heardChange({ eventId });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const burst = performance.now() - began;
    await vi.waitFor(() => expect(quiet.status().pending).toBe(0));
    // The first scan went at once; the rest went with syncs each at least 250 ms after the one
    // before ended, and one after the burst. Each scan synced alone made ~8 on a quiet machine,
    // in a burst of ~250 ms (a loaded one stretches the burst, hence the bound follows it).
    expect(uploads() - before).toBeGreaterThanOrEqual(1);
    expect(uploads() - before).toBeLessThanOrEqual(2 + Math.floor(burst / 250));
  });
});
