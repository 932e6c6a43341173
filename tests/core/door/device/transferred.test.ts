import { beforeAll, describe, expect, it } from 'vitest';
import {
  addAttendees,
  checkInsOf,
  createEvent,
  openDevice,
  startDoorWorld,
  switchable,
  type DoorWorld,
} from '../fixtures';

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_transferred');
});

/** An organizer's transfer, through the channel the app uses. */
async function transfer(registrationId: string, name: string) {
  const current = await world.admin.ok('registrations.get', { id: registrationId });
  return world.admin.ok('registrations.transfer', {
    id: registrationId,
    version: current.version,
    name,
    email: `${name.toLowerCase().replace(/\W/g, '.')}@example.org`,
  });
}

describe('a ticket transferred on the server', () => {
  it('says "transferred" for the old code after the next sync, and admits the new one', async () => {
    const eventId = await createEvent(world.test.core.db);
    const [guest] = await addAttendees(world.test.core.db, eventId, 2);
    const device = openDevice(world, 'online', switchable(world.door).transport);
    await device.prepare(eventId);

    const { from, to } = await transfer(guest!.id, 'Tina Taker');
    expect(from).toMatchObject({ id: guest!.id, status: 'transferred' });
    expect(to).toMatchObject({ attendeeName: 'Tina Taker', status: 'registered' });
    expect(to.ticketCode).not.toBe(guest!.ticketCode);
    // Until the device hears of it, the old code is still the one it knows.
    expect(device.scan(to.ticketCode)).toMatchObject({ verdict: 'unknown' });

    expect((await device.sync()).pulled).toBeGreaterThanOrEqual(2);
    expect(device.scan(guest!.ticketCode)).toMatchObject({
      verdict: 'transferred',
      attendee: { id: guest!.id, status: 'transferred' },
    });
    expect(device.scan(to.ticketCode)).toMatchObject({
      verdict: 'valid',
      attendee: { id: to.id, name: 'Tina Taker' },
    });
    await device.sync();
    expect(await checkInsOf(world.test.core.db, eventId)).toMatchObject([
      { registration_id: to.id, forced: false },
    ]);
  });

  it('is kept, flagged forced as transferred, when an offline device admitted the old code', async () => {
    const eventId = await createEvent(world.test.core.db);
    const [guest] = await addAttendees(world.test.core.db, eventId, 1);
    const net = switchable(world.door);
    const device = openDevice(world, 'offline', net.transport);
    await device.prepare(eventId);
    net.offline = true;
    await transfer(guest!.id, 'Late Heir');

    expect(device.scan(guest!.ticketCode).verdict).toBe('valid');
    net.offline = false;
    expect(await device.sync()).toMatchObject({ online: true, pending: 0 });
    expect(await checkInsOf(world.test.core.db, eventId)).toMatchObject([
      { registration_id: guest!.id, forced: true, forced_reason: 'transferred' },
    ]);
    expect(device.scan(guest!.ticketCode)).toMatchObject({ verdict: 'transferred' });
  });
});
