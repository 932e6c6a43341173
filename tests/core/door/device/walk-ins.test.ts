import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../electron/core/errors';
import type { DoorTransport } from '../../../../electron/core/door/device/types';
import { staffCaller } from '../../../support/core';
import {
  addAttendees,
  checkInsOf,
  createEvent,
  openDevice,
  startDoorWorld,
  switchable,
  type DoorWorld,
} from '../fixtures';

// Walk-ins at a station that may lose the server: registered offline with their check-in in the
// same device transaction, re-scannable at once, and applied once at sync through the capacity
// queue, kept and flagged when no seat is left.

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_walk_ins');
});

async function smallEvent(seats: number, taken: number) {
  const eventId = await createEvent(world.test.core.db, 'Small venue');
  await world.test.core.db.run('update events set max_attendees = $2 where id = $1', [
    eventId,
    seats,
  ]);
  const guests = await addAttendees(world.test.core.db, eventId, taken);
  await world.test.core.db.run('update events set registered_count = $2 where id = $1', [
    eventId,
    taken,
  ]);
  await world.test.core.db.run(
    'update ticket_types set registered_count = $2 where event_id = $1',
    [eventId, taken],
  );
  return { eventId, guests };
}

const person = (name: string) => ({
  name,
  email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`,
  answers: {},
});

const walkInsOf = (eventId: string) =>
  world.test.core.db.many<{ id: string; walk_in: string; ticket_code: string }>(
    `select id, walk_in, ticket_code from event_registrations
      where event_id = $1 and walk_in is not null order by seq`,
    [eventId],
  );

describe('a walk-in offline', () => {
  it('is in the device file with its check-in, re-scannable at once, and registered once at sync', async () => {
    const { eventId } = await smallEvent(10, 2);
    const net = switchable(world.door);
    const device = openDevice(world, 'walk-in-offline', net.transport);
    await device.prepare(eventId);

    net.offline = true;
    await device.sync();
    const { result, flag } = await device.walkIn(person('Olive Offline'), false);
    expect(flag).toBeNull();
    expect(result).toMatchObject({ verdict: 'valid', attendee: { name: 'Olive Offline' } });
    // The walk-in and its check-in wait on the device.
    expect(device.status()).toMatchObject({ pending: 2, flaggedWalkIns: 0 });
    expect(device.scan(result.attendee.ticketCode)).toMatchObject({
      verdict: 'already_checked_in',
      previous: { pending: true },
    });
    expect(await walkInsOf(eventId)).toEqual([]);

    // The server acts, the answer is lost: the re-sent walk-in is recognised.
    net.offline = false;
    net.loseNextAnswer = true;
    expect(await device.sync()).toMatchObject({ online: false });
    expect(await device.sync()).toMatchObject({ online: true, pending: 0 });
    await device.sync();
    const stored = await walkInsOf(eventId);
    expect(stored).toEqual([
      { id: result.attendee.id, walk_in: 'admitted', ticket_code: result.attendee.ticketCode },
    ]);
    const checkIns = await checkInsOf(world.test.core.db, eventId);
    expect(checkIns).toMatchObject([{ registration_id: result.attendee.id, forced: false }]);
    expect(device.scan(result.attendee.ticketCode)).toMatchObject({
      verdict: 'already_checked_in',
      previous: { pending: false },
    });
  });

  it('waits, with its check-in, while only a steward is signed in to send it', async () => {
    const { eventId, guests } = await smallEvent(10, 1);
    const steward = await staffCaller(world.test, world.admin, 'steward');
    // The station syncs as whoever is signed in there: a supervisor, then a steward.
    const net = { offline: false, caller: world.door };
    const transport = ((channel, input) =>
      net.offline
        ? Promise.reject(new Error('connect ECONNREFUSED 10.0.0.1:443'))
        : net.caller.call(channel, input)) as DoorTransport;
    const device = openDevice(world, 'walk-in-steward', transport);
    await device.prepare(eventId);
    await device.sync();

    net.offline = true;
    await device.sync();
    const { result } = await device.walkIn(person('Sam Supervised'), false);
    device.scan(guests[0]!.ticketCode);
    net.offline = false;
    net.caller = steward;
    expect(await device.sync()).toMatchObject({ online: true, pending: 2 });
    // The steward's session sent the plain check-in; the walk-in and its check-in wait.
    expect(await checkInsOf(world.test.core.db, eventId)).toMatchObject([
      { registration_id: guests[0]!.id },
    ]);
    net.caller = world.door;
    expect(await device.sync()).toMatchObject({ pending: 0 });
    expect(await walkInsOf(eventId)).toMatchObject([{ id: result.attendee.id }]);
    expect(await checkInsOf(world.test.core.db, eventId)).toHaveLength(2);
  });

  it('is kept and flagged beyond capacity, on the server and in the station’s status', async () => {
    const { eventId } = await smallEvent(2, 2);
    const net = switchable(world.door);
    const device = openDevice(world, 'walk-in-full', net.transport);
    await device.prepare(eventId);
    net.offline = true;
    await device.sync();
    const { result } = await device.walkIn(person('Fiona Full'), false);
    net.offline = false;
    expect(await device.sync()).toMatchObject({ online: true, pending: 0 });
    expect(await walkInsOf(eventId)).toMatchObject([
      { id: result.attendee.id, walk_in: 'over_capacity' },
    ]);
    expect(device.status()).toMatchObject({ flaggedWalkIns: 1 });
    const registered = await world.test.core.db.one<{ n: number }>(
      'select registered_count as n from events where id = $1',
      [eventId],
    );
    expect(registered!.n).toBe(3);
  });
});

describe('a walk-in online', () => {
  it('hears FULL before anyone is let in, and is admitted flagged when the supervisor forces it', async () => {
    const { eventId } = await smallEvent(1, 1);
    const net = switchable(world.door);
    const device = openDevice(world, 'walk-in-online', net.transport);
    await device.prepare(eventId);
    await device.sync();

    const refused = await device.walkIn(person('Nora Noseat'), false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'FULL' });
    expect(device.status()).toMatchObject({ pending: 0 });
    expect(await walkInsOf(eventId)).toEqual([]);

    const { result, flag } = await device.walkIn(person('Nora Noseat'), true);
    expect(flag).toBe('over_capacity');
    // Registered by the server already; only the check-in waits, and the sync sends it.
    expect(await walkInsOf(eventId)).toMatchObject([{ id: result.attendee.id }]);
    await device.sync();
    expect(await checkInsOf(world.test.core.db, eventId)).toMatchObject([
      { registration_id: result.attendee.id },
    ]);
  });

  it('refuses an email the event already holds, even offline from its own copy', async () => {
    const { eventId } = await smallEvent(10, 0);
    const net = switchable(world.door);
    const device = openDevice(world, 'walk-in-dupe', net.transport);
    await device.prepare(eventId);
    await device.walkIn(person('Dee Double'), false);
    await device.sync();
    net.offline = true;
    await expect(device.walkIn(person('Dee Double'), false)).rejects.toMatchObject({
      code: 'CONFLICT',
      fields: { email: expect.any(String) },
    });
  });
});
