import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckInPointDto } from '@shared/contract/points';
import type { DoorTransport } from '../../../../electron/core/door/device/types';
import { openReplicaSummary } from '../../../../electron/core/door/station/replica-summary';
import { onCleanup } from '../../../support/cleanup';
import { pointInput } from '../../../support/points';
import { staffCaller, type Caller } from '../../../support/core';
import { createEvent } from '../../../support/events';
import { openDevice, startDoorWorld, switchable, type DoorWorld } from '../fixtures';

// The station decides at the check-in point it is set to, as the server does on upload
// (checkin-points/rules.ts): ticket types, time windows, re-entry, exits, and undo of an exit;
// its occupancy (the server's moves plus its own pending ones) agrees with the server's after a
// sync, and what other stations report pending makes it a range.

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('station_points');
});

/** An event with a VIP type, Grace (VIP) and Alan (general admission). */
async function festival() {
  const { admin } = world;
  const event = await createEvent(admin);
  const vip = await admin.ok('ticketTypes.create', { eventId: event.id, name: 'VIP' });
  const register = async (name: string, ticketTypeId?: string) =>
    (
      await admin.ok('registrations.register', {
        eventId: event.id,
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
        ...(ticketTypeId && { ticketTypeId }),
      })
    ).registration;
  const grace = await register('Grace Hopper', vip.id);
  const alan = await register('Alan Turing');
  const addPoint = (over: Partial<CheckInPointDto>) =>
    admin.ok('points.create', { eventId: event.id, point: pointInput(over) });
  return { event, vip, grace, alan, addPoint };
}

let opened = 0;
/** A prepared device and a reader of its file's occupancy, as the station's status shows it. */
async function station(eventId: string, transport: DoorTransport) {
  const name = `station-${++opened}`;
  const device = openDevice(world, name, transport);
  await device.prepare(eventId);
  const summary = openReplicaSummary(join(world.dir, `${name}.sqlite`));
  onCleanup(() => summary.close());
  const shown = () => summary.event(eventId, device.stationPoint()!)!;
  return { device, shown };
}

const serverOccupancy = (eventId: string) => world.admin.ok('points.occupancy', { eventId });

describe('a station set to a check-in point', () => {
  it('prints a badge on admission where its own point says so, not where the first one does', async () => {
    const { event, grace, addPoint } = await festival();
    const badgeDesk = await addPoint({ name: 'Badge desk', printsBadge: true });
    const { device } = await station(event.id, switchable(world.door).transport);
    // At the event's first point, which prints none.
    expect(device.admissionBadge(grace.id)).toBeNull();
    device.setPoint(badgeDesk.id, 'in');
    expect(device.admissionBadge(grace.id)).toMatchObject({
      attendeeName: 'Grace Hopper',
      code: grace.ticketCode,
    });
  });

  it('admits only the point’s ticket types, in the point’s words', async () => {
    const { event, vip, grace, alan, addPoint } = await festival();
    const vipGate = await addPoint({ name: 'VIP gate', ticketTypeIds: [vip.id] });
    const { device, shown } = await station(event.id, switchable(world.door).transport);
    // Set to the event's first point until staff choose: everyone gets in there.
    expect(shown()).toMatchObject({ pointId: shown().points[0]!.id, direction: 'in' });

    device.setPoint(vipGate.id, 'in');
    expect(device.scan(alan.ticketCode)).toMatchObject({
      verdict: 'not_admitted_here',
      reason: 'ticket_type',
      message: 'General admission ticket',
    });
    expect(device.scan(grace.ticketCode)).toMatchObject({ verdict: 'valid' });
    expect(device.status().pending).toBe(1);
    // Remembered in the file: a restart reopens the station at the VIP gate.
    expect(shown()).toMatchObject({ pointId: vipGate.id, direction: 'in' });
  });

  it('holds the point’s time window, on the event’s clock', async () => {
    const { event, alan, addPoint } = await festival();
    const opens = new Date(Date.now() + 60 * 60_000);
    const later = await addPoint({ name: 'Day 2', validFrom: opens.toISOString() });
    const closed = await addPoint({
      name: 'Yesterday',
      validFrom: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      validUntil: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    const { device } = await station(event.id, switchable(world.door).transport);
    const hhmm = opens.toLocaleTimeString('en-GB', {
      timeZone: event.timeZone,
      hour: '2-digit',
      minute: '2-digit',
    });

    device.setPoint(later.id, 'in');
    const early = device.scan(alan.ticketCode);
    expect(early).toMatchObject({ verdict: 'not_admitted_here', reason: 'not_yet_valid' });
    // The same day: the time alone; another day: with the date.
    const sameDay =
      opens.toLocaleDateString('en-GB', { timeZone: event.timeZone }) ===
      new Date().toLocaleDateString('en-GB', { timeZone: event.timeZone });
    if (sameDay) expect(early).toMatchObject({ message: `Not valid before ${hhmm}` });
    else
      expect(early).toMatchObject({ message: expect.stringMatching(/^Not valid before \w{3} /) });

    device.setPoint(closed.id, 'in');
    expect(device.scan(alan.ticketCode)).toMatchObject({
      verdict: 'not_admitted_here',
      reason: 'no_longer_valid',
      message: expect.stringMatching(/^Not valid after /),
    });
    expect(device.status().pending).toBe(0);
  });

  it('records exits, refuses re-entry where the point says so, and allows it elsewhere', async () => {
    const { event, grace, alan, addPoint } = await festival();
    const hall = await addPoint({ name: 'Hall', recordsExits: true, allowReentry: false });
    const garden = await addPoint({ name: 'Garden', recordsExits: true, allowReentry: true });
    const { device, shown } = await station(event.id, switchable(world.door).transport);

    // A point that records no exits has no "out".
    await expect(async () => device.setPoint(shown().points[0]!.id, 'out')).rejects.toMatchObject({
      code: 'VALIDATION',
    });

    device.setPoint(hall.id, 'out');
    expect(device.scan(grace.ticketCode)).toMatchObject({
      verdict: 'not_admitted_here',
      reason: 'not_inside',
      message: 'Not checked in here',
    });
    device.setPoint(hall.id, 'in');
    expect(device.scan(grace.ticketCode)).toMatchObject({ verdict: 'valid' });
    expect(device.scan(grace.ticketCode)).toMatchObject({
      verdict: 'already_checked_in',
      previous: { pointId: hall.id, direction: 'in', pending: true },
    });
    device.setPoint(hall.id, 'out');
    expect(device.scan(grace.ticketCode)).toMatchObject({ verdict: 'exited' });
    device.setPoint(hall.id, 'in');
    expect(device.scan(grace.ticketCode)).toMatchObject({
      verdict: 'not_admitted_here',
      reason: 'no_reentry',
      message: 'Left already: no re-entry here',
    });

    // The garden lets people come back; its moves are its own.
    device.setPoint(garden.id, 'in');
    expect(device.scan(alan.ticketCode)).toMatchObject({ verdict: 'valid' });
    device.setPoint(garden.id, 'out');
    expect(device.scan(alan.ticketCode)).toMatchObject({ verdict: 'exited' });
    device.setPoint(garden.id, 'in');
    expect(device.scan(alan.ticketCode)).toMatchObject({ verdict: 'valid' });

    expect(insideAt(shown().occupancy, hall.id)).toBe(0);
    expect(insideAt(shown().occupancy, garden.id)).toBe(1);
    expect(shown().occupancy.inside).toBe(1);

    // The server agrees, move by move, and flags nothing: the station decided as it would.
    await device.sync();
    expect(device.status()).toMatchObject({ pending: 0, rejected: 0, conflicts: 0 });
    const server = await serverOccupancy(event.id);
    expect(server.points.map((p) => [p.name, p.entries, p.exits, p.inside])).toEqual([
      ['Main entrance', 0, 0, 0],
      ['Hall', 1, 1, 0],
      ['Garden', 2, 1, 1],
    ]);
    const rows = await world.test.core.db.many<{ forced: boolean }>(
      'select forced from check_ins where event_id = $1',
      [event.id],
    );
    expect(rows.every((row) => !row.forced)).toBe(true);
  });

  it('undoes an exit as it undoes an entry: the person is inside again', async () => {
    const { event, grace, alan, addPoint } = await festival();
    const hall = await addPoint({ name: 'Hall', recordsExits: true, allowReentry: false });
    const { device, shown } = await station(event.id, switchable(world.door).transport);
    device.setPoint(hall.id, 'in');
    device.scan(grace.ticketCode);
    await device.sync();

    device.setPoint(hall.id, 'out');
    const exit = device.scan(grace.ticketCode);
    if (exit.verdict !== 'exited') throw new Error(`not an exit: ${exit.verdict}`);
    expect(shown().occupancy.inside).toBe(0);
    device.undo(exit.checkInId);
    expect(shown().occupancy.inside).toBe(1);
    // Inside again, so she may leave again (no re-entry applies to coming back in only).
    await device.sync();
    expect((await serverOccupancy(event.id)).inside).toBe(1);
    const again = device.scan(grace.ticketCode);
    expect(again).toMatchObject({ verdict: 'exited' });
    await device.sync();
    expect((await serverOccupancy(event.id)).inside).toBe(0);
    expect(shown().occupancy.inside).toBe(0);

    // An entry already on the server, taken back: out of the count before the undo is sent.
    device.setPoint(shown().points[0]!.id, 'in');
    const entry = device.scan(alan.ticketCode);
    if (entry.verdict !== 'valid') throw new Error(`not valid: ${entry.verdict}`);
    await device.sync();
    expect(shown().occupancy.inside).toBe(1);
    device.undo(entry.checkInId);
    expect(shown().occupancy.inside).toBe(0);
    await device.sync();
    expect(shown().occupancy.inside).toBe(0);
    expect((await serverOccupancy(event.id)).inside).toBe(0);
  });

  it('offline, then synced: the station’s occupancy is the server’s, and the other stations’ follow', async () => {
    const { event, grace, alan, addPoint } = await festival();
    const hall = await addPoint({ name: 'Hall', recordsExits: true, capacity: 2 });
    const netA = switchable(world.door);
    const a = await station(event.id, netA.transport);
    const b = await station(event.id, switchable(world.door).transport);
    a.device.setPoint(hall.id, 'in');
    netA.offline = true;
    await a.device.sync();

    a.device.scan(grace.ticketCode);
    a.device.scan(alan.ticketCode);
    a.device.setPoint(hall.id, 'out');
    a.device.scan(alan.ticketCode);
    expect(insideAt(a.shown().occupancy, hall.id)).toBe(1);
    // The server and the other station have not heard of them yet.
    expect((await serverOccupancy(event.id)).inside).toBe(0);

    netA.offline = false;
    await a.device.sync();
    await b.device.sync();
    const server = await serverOccupancy(event.id);
    const hallOnServer = server.points.find((p) => p.pointId === hall.id)!;
    expect(hallOnServer).toMatchObject({ entries: 2, exits: 1, inside: 1 });
    for (const { shown } of [a, b]) {
      expect(shown().occupancy.inside).toBe(server.inside);
      expect(insideAt(shown().occupancy, hall.id)).toBe(hallOnServer.inside);
    }
  });

  it('shows what other stations reported pending as a range, and the capacity warning on its high end', async () => {
    const { event, grace, alan, addPoint } = await festival();
    const hall = await addPoint({ name: 'Hall', recordsExits: true, capacity: 2 });
    const secondDoor = await staffCaller(world.test, world.admin, 'door');
    const netB = uploadsCut(secondDoor);
    const a = await station(event.id, switchable(world.door).transport);
    const b = await station(event.id, netB.transport);
    a.device.setPoint(hall.id, 'in');
    b.device.setPoint(hall.id, 'in');
    a.device.scan(grace.ticketCode);
    await a.device.sync();

    // B scans while its network is down, then gets through to the server for small calls only:
    // it reports what it holds before its upload, which fails.
    netB.offline = true;
    await b.device.sync();
    b.device.scan(alan.ticketCode);
    netB.offline = false;
    netB.uploadsFail = true;
    await b.device.sync();
    expect(b.device.status()).toMatchObject({ online: false, pending: 1 });

    const server = await serverOccupancy(event.id);
    expect(server.points.find((p) => p.pointId === hall.id)).toMatchObject({
      inside: 1,
      pending: { entries: 1, exits: 0, stations: 1 },
      // 1 inside, up to 2 once B uploads: 90 % of 2 reached on the high end.
      nearlyFull: true,
    });
    expect(server.pending).toEqual({ entries: 1, exits: 0, stations: 1 });
    await a.device.sync();
    expect(a.shown().occupancy).toMatchObject({
      inside: 1,
      pendingElsewhere: { entries: 1, exits: 0, stations: 1 },
    });
    expect(a.shown().occupancy.points.find((p) => p.pointId === hall.id)).toMatchObject({
      inside: 1,
      nearlyFull: true,
      pendingElsewhere: { entries: 1, exits: 0, stations: 1 },
    });

    // B uploads: the range closes everywhere.
    netB.uploadsFail = false;
    await b.device.sync();
    await a.device.sync();
    expect((await serverOccupancy(event.id)).pending).toEqual({
      entries: 0,
      exits: 0,
      stations: 0,
    });
    expect(a.shown().occupancy).toMatchObject({
      inside: 2,
      pendingElsewhere: { entries: 0, exits: 0, stations: 0 },
    });
  });

  it('is flagged by the server when it admitted someone the server’s point would not', async () => {
    const { event, vip, alan, addPoint } = await festival();
    const side = await addPoint({ name: 'Side door' });
    const net = switchable(world.door);
    const { device } = await station(event.id, net.transport);
    device.setPoint(side.id, 'in');
    net.offline = true;
    // Meanwhile the organizer makes the side door VIP only; the offline station cannot know.
    await world.admin.ok('points.update', {
      id: side.id,
      version: side.version,
      point: pointInput({ name: 'Side door', ticketTypeIds: [vip.id] }),
    });
    expect(device.scan(alan.ticketCode)).toMatchObject({ verdict: 'valid' });

    net.offline = false;
    await device.sync();
    const [row] = await world.test.core.db.many<{ forced: boolean; forced_reason: string }>(
      'select forced, forced_reason from check_ins where event_id = $1',
      [event.id],
    );
    expect(row).toEqual({ forced: true, forced_reason: 'not_admitted_here' });
    // The station now knows the new rule and holds the server's flag.
    expect(device.search('alan')[0]?.checkIn).toMatchObject({
      forced: true,
      forcedReason: 'not_admitted_here',
    });
    // And decides by it from now on.
    expect(device.scan(alan.ticketCode)).toMatchObject({
      verdict: 'not_admitted_here',
      message: 'General admission ticket',
    });
  });
});

const insideAt = (occupancy: { points: { pointId: string; inside: number }[] }, id: string) =>
  occupancy.points.find((point) => point.pointId === id)?.inside;

/** A network that can be down, or up for everything but uploads (a cut during a long one). */
function uploadsCut(caller: Caller) {
  const net = switchable(caller);
  const state = { offline: false, uploadsFail: false, transport: net.transport };
  state.transport = ((channel, input) => {
    net.offline = state.offline || (state.uploadsFail && channel === 'checkins.upload');
    return net.transport(channel, input);
  }) as DoorTransport;
  return state;
}
