import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '@shared/contract';
import { staffCaller } from '../../support/core';
import {
  addAttendees,
  checkedInCount,
  checkInsOf,
  createEvent,
  startDoorWorld,
  type DoorWorld,
  type TestAttendee,
} from '../door/fixtures';

type Item = ChannelInput<'checkins.upload'>['items'][number];
type CheckInItem = Extract<Item, { kind: 'checkIn' }>;

let world: DoorWorld;
let eventId: string;
let guests: TestAttendee[];

const checkIn = (guest: TestAttendee, at = new Date().toISOString()): CheckInItem => ({
  kind: 'checkIn',
  nonce: randomUUID(),
  eventId,
  registrationId: guest.id,
  scannedAt: at,
});
const auditRows = async () =>
  (await world.test.core.db.one<{ n: number }>(
    "select count(*)::int as n from audit_log where action = 'checkins.upload'",
  ))!.n;

const standing = async (registrationId: string) =>
  (
    await world.test.core.db.many<{ nonce: string }>(
      'select nonce from check_ins where registration_id = $1 and reverted_at is null order by seq',
      [registrationId],
    )
  ).map((row) => row.nonce);

beforeAll(async () => {
  world = await startDoorWorld('door_upload');
  eventId = await createEvent(world.test.core.db);
  guests = await addAttendees(world.test.core.db, eventId, 10);
});

describe('checkins.upload', () => {
  it('applies a batch once: re-sending it changes nothing and gets the same answers', async () => {
    const [a, b] = guests as [TestAttendee, TestAttendee];
    const items = [
      checkIn(a),
      { ...checkIn(b), registrationId: undefined, ticketCode: b.ticketCode },
    ];
    const first = await world.door.ok('checkins.upload', { deviceId: 'door-1', items });
    expect(first.results.map((r) => [r.applied, r.checkIn?.forced, r.rejected])).toEqual([
      [true, false, null],
      [true, false, null],
    ]);
    expect(first.results.map((r) => r.registrationId)).toEqual([a.id, b.id]);
    const rowsAfterFirst = await checkInsOf(world.test.core.db, eventId);
    const auditAfterFirst = await auditRows();

    const again = await world.door.ok('checkins.upload', { deviceId: 'door-1', items });
    expect(again.results.map((r) => r.applied)).toEqual([false, false]);
    expect(again.results.map((r) => r.checkIn)).toEqual(first.results.map((r) => r.checkIn));
    expect(await checkInsOf(world.test.core.db, eventId)).toEqual(rowsAfterFirst);
    expect(await auditRows()).toBe(auditAfterFirst);
    expect(await checkedInCount(world.test.core.db, eventId)).toBe(2);
  });

  it('keeps the device clock and the server clock apart', async () => {
    const guest = guests[2]!;
    const scannedAt = '2020-01-01T09:30:00.000Z';
    const { results } = await world.door.ok('checkins.upload', {
      deviceId: 'door-1',
      items: [checkIn(guest, scannedAt)],
    });
    const stored = results[0]!.checkIn!;
    expect(stored.scannedAt).toBe(scannedAt);
    expect(stored.receivedAt).not.toBe(scannedAt);
    expect(stored).toMatchObject({ deviceId: 'door-1', staffName: 'door person', forced: false });
  });

  it('counts a registration once, flags later check-ins, and recounts on undo', async () => {
    const guest = guests[3]!;
    const before = await checkedInCount(world.test.core.db, eventId);
    const first = checkIn(guest);
    const second = checkIn(guest);
    const { results, conflicts } = await world.door.ok('checkins.upload', {
      deviceId: 'door-2',
      items: [first, second],
    });
    expect(results.map((r) => r.checkIn?.forcedReason)).toEqual([null, 'already_checked_in']);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.checkIns.map((c) => c.nonce)).toEqual([first.nonce, second.nonce]);
    expect(await checkedInCount(world.test.core.db, eventId)).toBe(before + 1);

    // Undoing the first leaves the second standing: still one person in the room.
    const undoFirst: Item = {
      kind: 'revert',
      nonce: randomUUID(),
      eventId,
      checkInNonce: first.nonce,
      revertedAt: new Date().toISOString(),
    };
    const undone = await world.door.ok('checkins.upload', {
      deviceId: 'door-2',
      items: [undoFirst],
    });
    expect(undone.results[0]).toMatchObject({ applied: true, rejected: null, checkIn: null });
    expect(undone.results[0]!.registrationId).toBe(guest.id);
    expect(await standing(guest.id)).toEqual([second.nonce]);
    expect(await checkedInCount(world.test.core.db, eventId)).toBe(before + 1);

    const undoSecond: Item = { ...undoFirst, nonce: randomUUID(), checkInNonce: second.nonce };
    await world.door.ok('checkins.upload', { deviceId: 'door-2', items: [undoSecond] });
    expect(await checkedInCount(world.test.core.db, eventId)).toBe(before);
    // Undoing again is not an error and changes nothing.
    const twice = await world.door.ok('checkins.upload', {
      deviceId: 'door-2',
      items: [{ ...undoSecond, nonce: randomUUID() }],
    });
    expect(twice.results[0]).toMatchObject({ applied: false, rejected: null });
    expect(await checkedInCount(world.test.core.db, eventId)).toBe(before);
  });

  it('checks in and undoes in one batch in device order', async () => {
    const guest = guests[4]!;
    const a = checkIn(guest);
    const undo: Item = {
      kind: 'revert',
      nonce: randomUUID(),
      eventId,
      checkInNonce: a.nonce,
      revertedAt: a.scannedAt,
    };
    const b = checkIn(guest);
    const { results } = await world.door.ok('checkins.upload', {
      deviceId: 'door-3',
      items: [a, undo, b],
    });
    expect(results.map((r) => r.checkIn?.forced ?? null)).toEqual([null, null, false]);
    expect(await standing(guest.id)).toEqual([b.nonce]);
  });

  it('rejects tickets it does not know or that belong to another event, writing nothing', async () => {
    const otherEvent = await createEvent(world.test.core.db, 'Other');
    const [stranger] = await addAttendees(world.test.core.db, otherEvent, 1);
    const before = await checkInsOf(world.test.core.db, eventId);
    const { results } = await world.door.ok('checkins.upload', {
      deviceId: 'door-1',
      items: [
        { ...checkIn(guests[5]!), registrationId: undefined, ticketCode: 'NO-SUCH-TICKET' },
        checkIn(stranger!),
        {
          kind: 'revert',
          nonce: randomUUID(),
          eventId,
          checkInNonce: randomUUID(),
          revertedAt: new Date().toISOString(),
        },
      ],
    });
    expect(results.map((r) => r.rejected)).toEqual([
      'unknown_ticket',
      'wrong_event',
      'unknown_check_in',
    ]);
    expect(results.every((r) => !r.applied)).toBe(true);
    expect(await checkInsOf(world.test.core.db, eventId)).toEqual(before);
    expect(await checkInsOf(world.test.core.db, otherEvent)).toEqual([]);
  });

  it('refuses bad input as VALIDATION and writes nothing', async () => {
    const before = await checkInsOf(world.test.core.db, eventId);
    const good = checkIn(guests[6]!);
    const bad: unknown[] = [
      { deviceId: 'door-1', items: [] },
      { deviceId: '', items: [good] },
      { deviceId: 'door-1', items: [{ ...good, nonce: 'not-a-uuid' }] },
      { deviceId: 'door-1', items: [{ ...good, scannedAt: 'yesterday' }] },
      { deviceId: 'door-1', items: [{ ...good, ticketCode: 'T-1' }] },
      { deviceId: 'door-1', items: [good, good] },
      { deviceId: 'door-1', items: [{ ...good, extra: 1 }] },
      { deviceId: 'door-1', items: [good], sneaky: true },
      { deviceId: 'door-1', items: Array.from({ length: 1001 }, () => checkIn(guests[6]!)) },
    ];
    for (const input of bad) {
      const result = await world.door.call('checkins.upload', input as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(await checkInsOf(world.test.core.db, eventId)).toEqual(before);
  });

  it('lets door staff, admins and the event’s organizers in, and nobody without a session', async () => {
    const items = [checkIn(guests[7]!)];
    const anonymous = world.test.caller();
    for (const channel of ['checkins.upload', 'door.snapshot', 'checkins.list'] as const) {
      const input = channel === 'checkins.upload' ? { deviceId: 'x', items } : { eventId };
      const result = await anonymous.call(channel, input as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    // Another organizer's event is not theirs to check people in at: refused item by item.
    const organizer = await staffCaller(world.test, world.admin, 'organizer');
    const refused = await organizer.ok('checkins.upload', { deviceId: 'desk', items });
    expect(refused.results.map((r) => [r.applied, r.rejected])).toEqual([[false, 'event_closed']]);
    expect((await world.admin.call('checkins.upload', { deviceId: 'desk', items })).ok).toBe(true);
    expect((await world.door.call('door.snapshot', { eventId })).ok).toBe(true);
  });

  it('lists check-ins newest first and the conflicts of an event', async () => {
    const list = await world.door.ok('checkins.list', { eventId });
    expect(list[0]).toMatchObject({
      registrationId: guests[7]!.id,
      ticketCode: guests[7]!.ticketCode,
    });
    const withReverted = await world.door.ok('checkins.list', { eventId, includeReverted: true });
    expect(withReverted.length).toBeGreaterThan(list.length);
    expect(withReverted.some((row) => row.revertedAt !== null)).toBe(true);
    const conflicts = await world.door.ok('checkins.conflicts', { eventId });
    expect(conflicts).toEqual([]);
  });

  it('announces check-ins after they commit', async () => {
    const seen: unknown[] = [];
    const unsubscribe = world.test.core.subscribe((topic, payload) => seen.push([topic, payload]));
    await world.door.ok('checkins.upload', { deviceId: 'door-1', items: [checkIn(guests[8]!)] });
    unsubscribe();
    expect(seen).toContainEqual(['checkins.changed', { eventId }]);
  });
});
