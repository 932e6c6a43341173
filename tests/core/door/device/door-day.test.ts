import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckInPointDto } from '@shared/contract/points';
import { doorLine } from '@shared/questions';
import { openDoorDevice } from '../../../../electron/core/door/device/device';
import { createEvent } from '../../../support/events';
import { pointInput } from '../../../support/points';
import { questionInput } from '../../questions/fixtures';
import { openDevice, startDoorWorld, switchable, type DoorWorld } from '../fixtures';
import { withoutKeptCounts } from '../older-schema';

// What a door device holds for the door day: each attendee's ticket type (a check-in point admits
// chosen types, and its name shows with the verdict: "VIP · vegetarian"), the event's check-in
// points with their rules, and where and which way each server check-in went.

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_day_device');
});

/** A festival with a VIP type, a door-visible diet question and a VIP gate recording exits. */
async function festival() {
  const { admin } = world;
  const event = await createEvent(admin);
  const vip = await admin.ok('ticketTypes.create', { eventId: event.id, name: 'VIP' });
  const diet = await admin.ok(
    'questions.create',
    questionInput(event.id, {
      label: 'Diet',
      kind: 'singleChoice',
      choices: ['none', 'vegetarian'],
      doorVisible: true,
    }),
  );
  const { registration: grace } = await admin.ok('registrations.register', {
    eventId: event.id,
    name: 'Grace Hopper',
    email: 'grace@example.org',
    ticketTypeId: vip.id,
    answers: { [diet.id]: 'vegetarian' },
  });
  const { registration: alan } = await admin.ok('registrations.register', {
    eventId: event.id,
    name: 'Alan Turing',
    email: 'alan@example.org',
  });
  const vipGate = await admin.ok('points.create', {
    eventId: event.id,
    point: pointInput({ name: 'VIP gate', ticketTypeIds: [vip.id], recordsExits: true }),
  });
  return { event, vip, grace, alan, vipGate };
}

/** Rows of the device's file, read as a person with the file in hand would. */
function fileRows<T>(name: string, sql: string): T[] {
  const file = new Database(join(world.dir, `${name}.sqlite`), { readonly: true });
  try {
    return file.prepare<[], T>(sql).all();
  } finally {
    file.close();
  }
}

/** Undoes schema step 4 (the outbox's point and direction). */
const withoutOutboxPoints = `
  drop index outbox_pending_moves;
  alter table outbox drop column point_id;
  alter table outbox drop column direction;`;

/**
 * A device file `name` prepared for the event with `codes` scanned (pending), then taken back to
 * an older schema by `downgrade`. Returns the transport to open it again with.
 */
async function olderFile(name: string, eventId: string, codes: string[], downgrade: string) {
  const file = join(world.dir, `${name}.sqlite`);
  const transport = switchable(world.door).transport;
  const first = openDoorDevice({ file, transport, deviceId: name, staffName: 'Staff' });
  await first.prepare(eventId);
  for (const code of codes) first.scan(code);
  await first.close();
  const old = new Database(file);
  old.exec(downgrade);
  old.close();
  return transport;
}

describe('the door day on a door device', () => {
  it('shows the ticket type with the door-visible answers in the scan result and search', async () => {
    const { event, vip, grace, alan } = await festival();
    const device = openDevice(world, 'types', switchable(world.door).transport);
    await device.prepare(event.id);

    const verdict = device.scan(grace.ticketCode);
    expect(verdict).toMatchObject({
      verdict: 'valid',
      attendee: { ticketTypeId: vip.id, ticketType: 'VIP' },
    });
    expect('attendee' in verdict && doorLine(verdict.attendee)).toBe('VIP · vegetarian');
    const plain = device.scan(alan.ticketCode);
    expect('attendee' in plain && doorLine(plain.attendee)).toBe('General admission');
    expect(device.search('grace')[0]).toMatchObject({ ticketType: 'VIP' });

    // Renamed by the organizer: the device shows the new name after its next sync, also for
    // someone nobody scanned (whose registration did not otherwise change).
    const { registration: ada } = await world.admin.ok('registrations.register', {
      eventId: event.id,
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      ticketTypeId: vip.id,
    });
    await device.sync();
    expect(device.search('ada')[0]).toMatchObject({ id: ada.id, ticketType: 'VIP' });
    await world.admin.ok('ticketTypes.update', { id: vip.id, version: vip.version, name: 'Gold' });
    await device.sync();
    expect(device.search('ada')[0]).toMatchObject({ ticketType: 'Gold' });
  });

  it('holds the event’s points and where and which way each check-in went', async () => {
    const { event, vip, grace, vipGate } = await festival();
    const move = (direction: 'in' | 'out') => ({
      kind: 'checkIn' as const,
      nonce: randomUUID(),
      eventId: event.id,
      registrationId: grace.id,
      scannedAt: new Date().toISOString(),
      pointId: vipGate.id,
      direction,
    });
    // Grace goes in and out at the VIP gate, at another station.
    await world.door.ok('checkins.upload', {
      deviceId: 'vip-desk',
      items: [move('in'), move('out')],
    });

    const device = openDevice(world, 'points', switchable(world.door).transport);
    await device.prepare(event.id);
    const points = () =>
      fileRows<{ point: string }>('points', 'select point from points order by position').map(
        (row) => JSON.parse(row.point) as CheckInPointDto,
      );
    expect(points()).toEqual([
      expect.objectContaining({ name: 'Main entrance', ticketTypeIds: null }),
      expect.objectContaining({ id: vipGate.id, ticketTypeIds: [vip.id], recordsExits: true }),
    ]);
    expect(
      fileRows('points', 'select point_id as pointId, direction from server_checkins order by ord'),
    ).toEqual([
      { pointId: vipGate.id, direction: 'in' },
      { pointId: vipGate.id, direction: 'out' },
    ]);
    // At the VIP gate she left, and may come back in; a second scan then finds her inside.
    device.setPoint(vipGate.id, 'in');
    expect(device.scan(grace.ticketCode)).toMatchObject({ verdict: 'valid' });
    expect(device.scan(grace.ticketCode)).toMatchObject({
      verdict: 'already_checked_in',
      previous: { pointId: vipGate.id, direction: 'in', pending: true },
    });

    // A point added or changed on the server reaches the device at its next sync.
    await world.admin.ok('points.create', {
      eventId: event.id,
      point: pointInput({ name: 'Day 2', validFrom: '2026-06-02T07:00:00Z' }),
    });
    await device.sync();
    expect(points().map((point) => point.name)).toEqual(['Main entrance', 'VIP gate', 'Day 2']);
  });

  it('upgrades a device file from before the door day and fills it in at the next sync', async () => {
    const { event, grace, alan, vipGate } = await festival();
    // The file as the build before the door day left it: schema step 2, none of the new data.
    const transport = await olderFile(
      'older',
      event.id,
      [grace.ticketCode], // pending on this device: kept through the upgrade
      `${withoutKeptCounts}
       drop table points;
       alter table attendees drop column ticket_type_id;
       alter table attendees drop column ticket_type;
       alter table server_checkins drop column point_id;
       alter table server_checkins drop column direction;
       ${withoutOutboxPoints}
       pragma user_version = 2;`,
    );
    const device = openDevice(world, 'older', transport);
    expect(device.status()).toMatchObject({ pending: 1 });
    await device.sync();
    expect(device.status()).toMatchObject({ pending: 0 });
    // Alan was not scanned and did not change: the pull after the upgrade brings his type too.
    expect(device.search('alan')[0]).toMatchObject({
      id: alan.id,
      ticketType: 'General admission',
    });
    expect(device.search('grace')[0]).toMatchObject({ ticketType: 'VIP' });
    expect(fileRows<{ id: string }>('older', 'select id from points order by position')).toEqual([
      { id: expect.any(String) },
      { id: vipGate.id },
    ]);
  });

  it('upgrades a step-3 file: its pending check-ins stay entries at the first point', async () => {
    const { event, grace, alan, vipGate } = await festival();
    // The file as the door day's first build left it: schema step 3, no point on outbox items.
    // Alan's second scan was "already checked in": nothing pending for it.
    const transport = await olderFile(
      'step3',
      event.id,
      [grace.ticketCode, alan.ticketCode, alan.ticketCode],
      `${withoutKeptCounts} ${withoutOutboxPoints} pragma user_version = 3;`,
    );
    const device = openDevice(world, 'step3', transport);
    expect(device.status()).toMatchObject({ pending: 2 });
    expect(
      fileRows('step3', 'select point_id as pointId, direction from outbox order by seq'),
    ).toEqual([
      { pointId: null, direction: 'in' },
      { pointId: null, direction: 'in' },
    ]);
    // Pending, they count as entries at the event's first point, as the server will read them.
    device.setPoint(vipGate.id, 'in');
    expect(device.scan(grace.ticketCode)).toMatchObject({ verdict: 'valid' });
    await device.sync();
    expect(device.status()).toMatchObject({ pending: 0, rejected: 0 });
    const [main] = await world.admin.ok('points.list', { eventId: event.id });
    const rows = await world.test.core.db.many<{ point_id: string; direction: string }>(
      'select point_id, direction from check_ins where event_id = $1 order by seq',
      [event.id],
    );
    // The server stores where the items without a point went: its first point.
    expect(rows).toEqual([
      { point_id: main!.id, direction: 'in' },
      { point_id: main!.id, direction: 'in' },
      { point_id: vipGate.id, direction: 'in' },
    ]);
    const occupancy = await world.admin.ok('points.occupancy', { eventId: event.id });
    expect(occupancy.points.map((p) => [p.pointId, p.inside])).toEqual([
      [main!.id, 2],
      [vipGate.id, 1],
    ]);
  });
});
