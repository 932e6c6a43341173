import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';
import { pointInput } from '../../support/points';

// Check-in points on the server: a three-gate, two-day festival. Each point keeps its own
// "first check-in counts" rule and its own entries and exits; occupancy is their difference.

let test: TestCore;
let organizer: Caller;
let otherOrganizer: Caller;
let steward: Caller;
let eventId: string;
let day1: string;
let day2: string;
let mainGate: string;
const guests: { id: string; type: string }[] = [];

beforeAll(async () => {
  test = await startTestCore({}, 'checkin_points');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  otherOrganizer = await staffCaller(test, admin, 'organizer');
  steward = await staffCaller(test, admin, 'steward');
  eventId = (await createEvent(organizer, { title: 'Harbour Festival', maxAttendees: 50 })).id;
  const types = await test.core.db.many<{ id: string }>(
    `insert into ticket_types (event_id, name, position) values ($1, 'Day 1', 1), ($1, 'Day 2', 2)
     returning id`,
    [eventId],
  );
  [day1, day2] = [types[0]!.id, types[1]!.id];
  for (let i = 0; i < 6; i++) {
    const type = i < 3 ? day1 : day2;
    const { registration } = await organizer.ok('registrations.register', {
      eventId,
      name: `Guest ${i}`,
      email: `guest${i}@example.org`,
    });
    await test.core.db.run('update event_registrations set ticket_type_id = $2 where id = $1', [
      registration.id,
      type,
    ]);
    guests.push({ id: registration.id, type });
  }
  mainGate = (await organizer.ok('points.list', { eventId }))[0]!.id;
});

const move = (
  guest: number,
  pointId: string | undefined,
  direction: 'in' | 'out' = 'in',
  scannedAt = new Date(),
) => ({
  kind: 'checkIn' as const,
  nonce: randomUUID(),
  eventId,
  registrationId: guests[guest]!.id,
  scannedAt: scannedAt.toISOString(),
  ...(pointId && { pointId }),
  direction,
});
const upload = (...items: ReturnType<typeof move>[]) =>
  steward.ok('checkins.upload', { deviceId: 'gate-desk', items });
const outcome = (result: Awaited<ReturnType<typeof upload>>) =>
  result.results.map((r) => r.rejected ?? r.checkIn?.forcedReason ?? 'ok');

describe('check-in points', () => {
  it('gives every event one point from the start, which the door staff can list', async () => {
    const points = await steward.ok('points.list', { eventId });
    expect(points).toEqual([
      expect.objectContaining({ name: 'Main entrance', position: 0, ticketTypeIds: null }),
    ]);
    const fresh = await createEvent(organizer, { title: 'Another' });
    expect(await organizer.ok('points.list', { eventId: fresh.id })).toHaveLength(1);
  });

  it('are kept by the event’s organizer, with clear errors for bad input', async () => {
    const created = await organizer.ok('points.create', {
      eventId,
      point: pointInput({ name: 'Day 2 gate', ticketTypeIds: [day2] }),
    });
    expect(created).toMatchObject({ position: 1, ticketTypeIds: [day2], version: 1 });
    expect(
      await organizer.call('points.create', { eventId, point: pointInput({ name: 'day 2 GATE' }) }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(
      await organizer.call('points.create', {
        eventId,
        point: pointInput({ name: 'Bad', ticketTypeIds: [randomUUID()] }),
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(
      await organizer.call('points.create', {
        eventId,
        point: pointInput({
          name: 'Backwards',
          validFrom: '2026-05-02T10:00:00Z',
          validUntil: '2026-05-02T09:00:00Z',
        }),
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    for (const caller of [otherOrganizer, steward]) {
      expect(
        await caller.call('points.create', { eventId, point: pointInput({ name: 'Mine' }) }),
      ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const renamed = await organizer.ok('points.update', {
      id: created.id,
      version: 1,
      point: pointInput({ name: 'Day 2 gate (east)', ticketTypeIds: [day2] }),
    });
    expect(renamed).toMatchObject({ name: 'Day 2 gate (east)', version: 2 });
    expect(
      await organizer.call('points.update', { id: created.id, version: 1, point: pointInput({}) }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('keep the ticket types they admit: such a type is not deleted from under them', async () => {
    const workshop = await organizer.ok('ticketTypes.create', { eventId, name: 'Workshop' });
    const room = await organizer.ok('points.create', {
      eventId,
      point: pointInput({ name: 'Workshop room', ticketTypeIds: [workshop.id] }),
    });
    expect(
      await organizer.call('ticketTypes.delete', { id: workshop.id, version: workshop.version }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /Workshop room/ } });
    expect(await organizer.ok('ticketTypes.list', { eventId })).toContainEqual(
      expect.objectContaining({ id: workshop.id }),
    );
    // Once the point admits every type, the unused type may go.
    await organizer.ok('points.update', {
      id: room.id,
      version: room.version,
      point: pointInput({ name: 'Workshop room' }),
    });
    await organizer.ok('ticketTypes.delete', { id: workshop.id, version: workshop.version });
  });

  it('flag tickets a point does not admit (type, window) when a device already let them in', async () => {
    const dayTwoGate = (await organizer.ok('points.list', { eventId }))[1]!.id;
    // Guest 0 holds a Day 1 ticket; guest 3 a Day 2 one.
    expect(outcome(await upload(move(0, dayTwoGate), move(3, dayTwoGate)))).toEqual([
      'not_admitted_here',
      'ok',
    ]);
    const morning = await organizer.ok('points.create', {
      eventId,
      point: pointInput({
        name: 'Workshop A',
        validFrom: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    });
    expect(outcome(await upload(move(1, morning.id)))).toEqual(['not_admitted_here']);
  });

  it('keep their own first-check-in rule: one point’s check-in is not another’s', async () => {
    expect(outcome(await upload(move(2, mainGate)))).toEqual(['ok']);
    expect(outcome(await upload(move(2, mainGate)))).toEqual(['already_checked_in']);
    // The Day 2 gate has its own list: guest 3 is in there, not at the main gate.
    expect(outcome(await upload(move(3, undefined)))).toEqual(['ok']);
  });

  it('follow in and out, with and without re-entry', async () => {
    const exit = await organizer.ok('points.create', {
      eventId,
      point: pointInput({ name: 'Beach', recordsExits: true, allowReentry: true, capacity: 2 }),
    });
    const noReturn = await organizer.ok('points.create', {
      eventId,
      point: pointInput({ name: 'Night club', recordsExits: true, allowReentry: false }),
    });
    expect(
      outcome(
        await upload(
          move(4, exit.id, 'out'),
          move(4, exit.id),
          move(4, exit.id),
          move(4, exit.id, 'out'),
          move(4, exit.id),
          move(5, exit.id),
        ),
      ),
    ).toEqual(['exit_refused', 'ok', 'already_checked_in', 'ok', 'ok', 'ok']);
    expect(
      outcome(
        await upload(move(4, noReturn.id), move(4, noReturn.id, 'out'), move(4, noReturn.id)),
      ),
    ).toEqual(['ok', 'ok', 'not_admitted_here']);
    expect(outcome(await upload(move(5, mainGate, 'out')))).toEqual(['exit_refused']);
    expect(outcome(await upload(move(5, randomUUID())))).toEqual(['unknown_point']);
  });

  it('count occupancy as entries minus exits, per point and in total', async () => {
    const occupancy = await steward.ok('points.occupancy', { eventId });
    const at = (name: string) => occupancy.points.find((p) => p.name === name)!;
    // Beach: guest 4 in (a second, flagged entry is no new person), out, in again; guest 5 in.
    expect(at('Beach')).toMatchObject({
      entries: 3,
      exits: 1,
      inside: 2,
      capacity: 2,
      nearlyFull: true,
    });
    expect(at('Night club')).toMatchObject({ entries: 2, exits: 1, inside: 1 });
    // Guest 2 twice (the second flagged), guest 3 once; guest 1's check-in at Workshop A.
    expect(at('Main entrance')).toMatchObject({ entries: 2, exits: 0, inside: 2 });
    const sum = occupancy.points.reduce((n, p) => n + p.inside, 0);
    expect(occupancy.inside).toBe(sum);
    expect(occupancy.inside).toBe(occupancy.entries - occupancy.exits);
    const stored = await test.core.db.one<{ n: number }>(
      `select (count(*) filter (where direction = 'in'
                                   and forced_reason is distinct from 'already_checked_in')
               - count(*) filter (where direction = 'out'))::int as n
         from check_ins where event_id = $1 and reverted_at is null`,
      [eventId],
    );
    expect(occupancy.inside).toBe(stored!.n);
  });

  it('give the door’s day per point and hour on the event’s clock, inside over time, and who is not in yet', async () => {
    const night = await createEvent(organizer, {
      title: 'Night Market',
      timeZone: 'Europe/Lisbon',
      maxAttendees: 10,
    });
    const pier = await organizer.ok('points.create', {
      eventId: night.id,
      point: pointInput({ name: 'Pier', recordsExits: true }),
    });
    const walkers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { registration } = await organizer.ok('registrations.register', {
        eventId: night.id,
        name: `Walker ${i}`,
        email: `walker${i}@example.org`,
      });
      walkers.push(registration.id);
    }
    const step = (
      walker: number,
      at: string,
      pointId?: string,
      direction: 'in' | 'out' = 'in',
    ) => ({
      kind: 'checkIn' as const,
      nonce: randomUUID(),
      eventId: night.id,
      registrationId: walkers[walker]!,
      scannedAt: at,
      ...(pointId && { pointId }),
      direction,
    });
    // Lisbon is UTC+1 in July: 18:10, 18:40, 19:05 and 19:20 on the market's clock.
    const result = await steward.ok('checkins.upload', {
      deviceId: 'pier-desk',
      items: [
        step(0, '2026-07-02T17:10:00Z', pier.id),
        step(1, '2026-07-02T17:10:30Z', pier.id),
        step(2, '2026-07-02T17:40:00Z'),
        step(0, '2026-07-02T18:05:00Z', pier.id, 'out'),
        step(0, '2026-07-02T18:20:00Z', pier.id),
      ],
    });
    expect(result.results.map((r) => r.rejected ?? r.checkIn?.forcedReason ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    const mainEntrance = (await organizer.ok('points.list', { eventId: night.id }))[0]!.id;
    const activity = await organizer.ok('points.activity', { eventId: night.id });
    expect(activity).toEqual({
      timeZone: 'Europe/Lisbon',
      hours: expect.arrayContaining([
        { hour: '2026-07-02T18:00', pointId: pier.id, entries: 2, exits: 0 },
        { hour: '2026-07-02T18:00', pointId: mainEntrance, entries: 1, exits: 0 },
        { hour: '2026-07-02T19:00', pointId: pier.id, entries: 1, exits: 1 },
      ]),
      insideAfterHour: [
        { hour: '2026-07-02T18:00', inside: 3 },
        { hour: '2026-07-02T19:00', inside: 3 },
      ],
      // Walker 3 has not come.
      notYetIn: 1,
    });
    expect(activity.hours).toHaveLength(3);
    // The last hour's "inside" is what occupancy says now.
    expect((await organizer.ok('points.occupancy', { eventId: night.id })).inside).toBe(3);
    expect(await otherOrganizer.call('points.activity', { eventId: night.id })).toMatchObject({
      ok: false,
    });
  });
});
