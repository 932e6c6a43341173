import { beforeAll, describe, expect, it } from 'vitest';
import {
  addAttendees,
  checkedInCount,
  checkInsOf,
  createEvent,
  openDevice,
  startDoorWorld,
  switchable,
  type DoorWorld,
} from '../fixtures';

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_cancelled');
});

const cancel = (registrationId: string) =>
  world.test.core.db.run(
    `update event_registrations set status = 'cancelled', cancelled_at = now(), updated_at = now()
      where id = $1`,
    [registrationId],
  );

describe('a ticket cancelled on the server', () => {
  it('is refused by an online device after its next pull', async () => {
    const eventId = await createEvent(world.test.core.db);
    const [guest] = await addAttendees(world.test.core.db, eventId, 3);
    const device = openDevice(world, 'online', switchable(world.door).transport);
    await device.prepare(eventId);
    await cancel(guest!.id);
    expect((await device.sync()).pulled).toBeGreaterThanOrEqual(1);
    expect(device.scan(guest!.ticketCode)).toMatchObject({
      verdict: 'cancelled',
      attendee: { id: guest!.id, status: 'cancelled' },
    });
    await device.sync();
    expect(await checkInsOf(world.test.core.db, eventId)).toEqual([]);
  });

  it('is accepted by an offline device, then flagged forced after sync', async () => {
    const eventId = await createEvent(world.test.core.db);
    const [guest, waiting] = await addAttendees(world.test.core.db, eventId, 2);
    await world.test.core.db.run(
      "update event_registrations set status = 'waitlisted' where id = $1",
      [waiting!.id],
    );
    const net = switchable(world.door);
    const device = openDevice(world, 'offline', net.transport);
    await device.prepare(eventId);
    expect(device.scan(waiting!.ticketCode).verdict).toBe('waitlisted');
    net.offline = true;
    await cancel(guest!.id);

    const scan = device.scan(guest!.ticketCode);
    expect(scan.verdict).toBe('valid');
    net.offline = false;
    expect(await device.sync()).toMatchObject({ online: true, pending: 0 });

    expect(await checkInsOf(world.test.core.db, eventId)).toMatchObject([
      { registration_id: guest!.id, forced: true, forced_reason: 'cancelled' },
    ]);
    // The person is in the room, so they count.
    expect(await checkedInCount(world.test.core.db, eventId)).toBe(1);
    expect(device.scan(guest!.ticketCode)).toMatchObject({ verdict: 'cancelled' });
  });
});
