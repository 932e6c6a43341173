import { beforeAll, describe, expect, it } from 'vitest';
import { staffCaller } from '../../../support/core';
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
  world = await startDoorWorld('door_conflicts');
});

describe('two devices offline scan the same ticket', () => {
  it('accepts both, counts one, flags the other, and shows the conflict on both devices', async () => {
    const eventId = await createEvent(world.test.core.db);
    const [guest, other] = await addAttendees(world.test.core.db, eventId, 2);
    const secondStaff = await staffCaller(world.test, world.admin, 'door');
    const netA = switchable(world.door);
    const netB = switchable(secondStaff);
    const a = openDevice(world, 'door-north', netA.transport);
    const b = openDevice(world, 'door-south', netB.transport);
    await a.prepare(eventId);
    await b.prepare(eventId);
    netA.offline = netB.offline = true;

    const atA = a.scan(guest!.ticketCode);
    const atB = b.scan(guest!.ticketCode);
    expect(atA.verdict).toBe('valid');
    expect(atB.verdict).toBe('valid');
    expect(a.scan(other!.ticketCode).verdict).toBe('valid');

    netA.offline = netB.offline = false;
    expect(await a.sync()).toMatchObject({ online: true, pending: 0 });
    expect(await b.sync()).toMatchObject({ online: true, pending: 0 });
    await a.sync();

    const rows = (await checkInsOf(world.test.core.db, eventId)).filter(
      (row) => row.registration_id === guest!.id,
    );
    expect(rows.map((row) => [row.device_id, row.forced, row.forced_reason])).toEqual([
      ['door-north', false, null],
      ['door-south', true, 'already_checked_in'],
    ]);
    expect(await checkedInCount(world.test.core.db, eventId)).toBe(2);

    for (const device of [a, b]) {
      const conflicts = device.conflicts();
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({
        registrationId: guest!.id,
        ticketCode: guest!.ticketCode,
      });
      expect(conflicts[0]!.checkIns.map((c) => [c.deviceId, c.forced])).toEqual([
        ['door-north', false],
        ['door-south', true],
      ]);
      expect(device.status().conflicts).toBe(1);
      // The next scan names the check-in that counts.
      expect(device.scan(guest!.ticketCode)).toMatchObject({
        verdict: 'already_checked_in',
        previous: { deviceId: 'door-north' },
      });
    }
    const onServer = await world.door.ok('checkins.conflicts', { eventId });
    expect(onServer).toEqual(a.conflicts());
  });
});
