import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ScannerProgress, ScannerStatus } from '@shared/contract/scanner';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../../support/core';
import type { Unpluggable } from '../../../support/unpluggable';
import { startStationWorld } from '../fixtures';
import { addAttendees, checkedInCount, createEvent, type TestAttendee } from '../seed';

// The door station through the core's router, as the app's window calls it: one core whose
// database connection runs through a cable the tests can pull.

let net: Unpluggable;
let test: TestCore;
let admin: Caller;
let door: Caller;
let eventId: string;
let guests: TestAttendee[];
const statuses: ScannerStatus[] = [];
const progress: ScannerProgress[] = [];

beforeAll(async () => {
  ({ test, net } = await startStationWorld('door_scanner'));
  const { core } = test;
  core.subscribe((topic, payload) => {
    if (topic === 'scanner.status') statuses.push(payload as ScannerStatus);
    if (topic === 'scanner.progress') progress.push(payload as ScannerProgress);
  });
  admin = await setupAdmin(test);
  door = await staffCaller(test, admin, 'door');
  eventId = await createEvent(core.db, 'Harbour Lights Festival');
  guests = await addAttendees(core.db, eventId, 30);
  await addAttendees(core.db, eventId, 2, 'cancelled');
});

const code = (i: number) => guests[i]!.ticketCode;
const standingCheckIns = () =>
  test.core.db.many<{ registrationId: string; deviceId: string }>(
    `select registration_id as "registrationId", device_id as "deviceId" from check_ins
      where event_id = $1 and reverted_at is null order by seq`,
    [eventId],
  );

describe('the door station', () => {
  it('is refused to callers without a door account, and on a core without a device file', async () => {
    expect(await test.caller().call('scanner.status', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    const plain = await startTestCore({}, 'door_scanner_plain');
    const staff = await staffCaller(plain, await setupAdmin(plain), 'door');
    expect(await staff.call('scanner.status', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'This desktop has no door device file' },
    });
  });

  it('asks to be prepared before it scans', async () => {
    expect(await door.ok('scanner.status', {})).toMatchObject({ event: null, pending: 0 });
    expect(await door.call('scanner.scan', { code: code(0) })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Prepare this device for an event first' },
    });
  });

  it('prepares for an event, with progress and counts', async () => {
    const status = await door.ok('scanner.prepare', { eventId });
    expect(status.event).toMatchObject({
      id: eventId,
      title: 'Harbour Lights Festival',
      registered: 30,
      checkedIn: 0,
    });
    expect(progress.at(0)).toEqual({ eventId, loaded: 0, total: 0 });
    expect(progress.at(-1)).toEqual({ eventId, loaded: 32, total: 32 });
  });

  it('scans, says who was already in and where, searches, admits and undoes', async () => {
    const first = await door.ok('scanner.scan', { code: `  ${code(0)}\n` });
    // The ticket type's name comes with the verdict (shown beside the door-visible answers).
    expect(first).toMatchObject({
      verdict: 'valid',
      attendee: { name: 'Guest 1', ticketType: 'General admission' },
    });
    if (first.verdict !== 'valid') throw new Error('not valid');
    expect(Date.parse(first.undoUntil) - Date.parse(first.at)).toBe(120_000);

    const { deviceId } = await door.ok('scanner.status', {});
    expect(await door.ok('scanner.scan', { code: code(0) })).toMatchObject({
      verdict: 'already_checked_in',
      previous: { nonce: first.checkInId, deviceId, staffName: 'door person' },
    });
    expect(await door.ok('scanner.scan', { code: 'NOPE-123' })).toEqual({
      verdict: 'unknown',
      code: 'NOPE-123',
    });

    const hits = await door.ok('scanner.search', { text: 'guest 7' });
    expect(hits.map((hit) => hit.name)).toEqual(['Guest 7']);
    const admitted = await door.ok('scanner.admit', { registrationId: hits[0]!.id });
    expect(admitted).toMatchObject({ verdict: 'valid', attendee: { name: 'Guest 7' } });
    if (admitted.verdict !== 'valid') throw new Error('not valid');
    await door.ok('scanner.undo', { checkInId: admitted.checkInId });
    expect(await door.call('scanner.undo', { checkInId: admitted.checkInId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'That check-in was already undone' },
    });

    const synced = await door.ok('scanner.sync', {});
    expect(synced).toMatchObject({ online: true, pending: 0, event: { checkedIn: 1 } });
    expect(await standingCheckIns()).toEqual([{ registrationId: guests[0]!.id, deviceId }]);
  });

  it('keeps scanning, searching and undoing with the server out of reach, and catches up after', async () => {
    net.unplug();
    // Really gone: anything that needs PostgreSQL now fails.
    expect(await door.call('events.get', { id: eventId })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    // Later than the core remembers sessions for: the station relies on the last known one.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 60_000);
      for (const i of [1, 2, 3]) {
        expect(await door.ok('scanner.scan', { code: code(i) })).toMatchObject({
          verdict: 'valid',
        });
      }
      expect(await door.ok('scanner.scan', { code: code(0) })).toMatchObject({
        verdict: 'already_checked_in',
      });
      const [hit] = await door.ok('scanner.search', { text: 'Guest 3' });
      expect(hit).toMatchObject({ name: 'Guest 3', checkIn: { pending: true } });
      const undone = await door.ok('scanner.scan', { code: code(4) });
      if (undone.verdict !== 'valid') throw new Error('not valid');
      await door.ok('scanner.undo', { checkInId: undone.checkInId });

      const offline = await door.ok('scanner.sync', {});
      expect(offline).toMatchObject({ online: false, pending: 5, event: { checkedIn: 4 } });
      await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ online: false, pending: 5 }));
      expect(await standingCheckIns().catch(() => 'unreachable')).toBe('unreachable');
    } finally {
      vi.useRealTimers();
      net.plugIn();
    }

    expect(await door.ok('scanner.sync', {})).toMatchObject({
      online: true,
      pending: 0,
      event: { checkedIn: 4 },
    });
    const standing = await standingCheckIns();
    expect(standing.map((row) => row.registrationId).sort()).toEqual(
      [0, 1, 2, 3].map((i) => guests[i]!.id).sort(),
    );
    expect(await checkedInCount(test.core.db, eventId)).toBe(4);
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ online: true, pending: 0 }));
  });

  it('gives a new staff member’s check-ins their name', async () => {
    const password = 'the night shift starts';
    const email = 'nico@example.org';
    await admin.ok('users.create', { email, fullName: 'Nico Night', role: 'door', password });
    const next = test.caller();
    await next.ok('auth.login', { email, password });
    await next.ok('scanner.scan', { code: code(10) });
    expect(await door.ok('scanner.scan', { code: code(10) })).toMatchObject({
      verdict: 'already_checked_in',
      previous: { staffName: 'Nico Night' },
    });
  });
});
