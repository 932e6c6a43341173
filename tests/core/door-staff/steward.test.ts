import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin, staffCaller, type Caller, type TestCore } from '../../support/core';
import { startStationWorld } from '../door/fixtures';
import { pointInput } from '../../support/points';
import { addAttendees, createEvent, type TestAttendee } from '../door/seed';

// Stewards scan and search names only: the core holds them to it, whatever their screen shows.

let test: TestCore;
let admin: Caller;
let steward: Caller;
let supervisor: Caller;
let eventId: string;
let guests: TestAttendee[];

beforeAll(async () => {
  ({ test } = await startStationWorld('door_steward'));
  admin = await setupAdmin(test);
  steward = await staffCaller(test, admin, 'steward');
  supervisor = await staffCaller(test, admin, 'door');
  eventId = await createEvent(test.core.db, 'Three Gates Festival');
  guests = await addAttendees(test.core.db, eventId, 10);
});

const code = (i: number) => guests[i]!.ticketCode;
const checkIn = (i: number, scannedAt = new Date()) => ({
  kind: 'checkIn' as const,
  nonce: randomUUID(),
  eventId,
  registrationId: guests[i]!.id,
  scannedAt: scannedAt.toISOString(),
});
const revert = (target: string) => ({
  kind: 'revert' as const,
  nonce: randomUUID(),
  eventId,
  checkInNonce: target,
  revertedAt: new Date().toISOString(),
});

describe('a steward', () => {
  it('downloads attendees without their emails; a supervisor gets them', async () => {
    const asSteward = await steward.ok('door.snapshot', { eventId });
    expect(asSteward.attendees).toHaveLength(10);
    expect(asSteward.attendees.every((a) => a.email === '' && a.name.startsWith('Guest'))).toBe(
      true,
    );
    const changes = await steward.ok('door.changes', { eventId, cursor: asSteward.cursor });
    expect(changes.attendees.every((a) => a.email === '')).toBe(true);
    const asSupervisor = await supervisor.ok('door.snapshot', { eventId });
    expect(asSupervisor.attendees.every((a) => a.email.endsWith('@example.org'))).toBe(true);
  });

  it('scans and searches at the station without seeing emails, even on a supervisor’s copy', async () => {
    // The supervisor prepared this desktop: its copy holds the emails.
    await supervisor.ok('scanner.prepare', { eventId });
    const hits = await supervisor.ok('scanner.search', { text: 'Guest' });
    expect(hits[0]!.email).toMatch(/@example\.org$/);

    const scanned = await steward.ok('scanner.scan', { code: code(0) });
    expect(scanned).toMatchObject({ verdict: 'valid', attendee: { email: '' } });
    const again = await steward.ok('scanner.scan', { code: code(0) });
    expect(again).toMatchObject({ verdict: 'already_checked_in', attendee: { email: '' } });
    const found = await steward.ok('scanner.search', { text: 'Guest' });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((hit) => hit.email === '')).toBe(true);
  });

  it('undoes only their own last scan at the station', async () => {
    const first = await steward.ok('scanner.scan', { code: code(1) });
    const second = await steward.ok('scanner.scan', { code: code(2) });
    if (first.verdict !== 'valid' || second.verdict !== 'valid') throw new Error('not admitted');
    expect(await steward.call('scanner.undo', { checkInId: first.checkInId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await steward.ok('scanner.undo', { checkInId: second.checkInId });
    // Their last scan stays the one undone: nothing older comes back into reach.
    expect(await steward.call('scanner.undo', { checkInId: first.checkInId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('scans people in and out at their point and takes back their own last exit', async () => {
    const hall = await admin.ok('points.create', {
      eventId,
      point: pointInput({ name: 'Hall', recordsExits: true }),
    });
    // The station learns of the new point at its next pull.
    await steward.ok('scanner.sync', {});
    await steward.ok('scanner.setPoint', { pointId: hall.id, direction: 'in' });
    expect(await steward.ok('scanner.scan', { code: code(8) })).toMatchObject({ verdict: 'valid' });
    const status = await steward.ok('scanner.setPoint', { pointId: hall.id, direction: 'out' });
    expect(status.event).toMatchObject({ pointId: hall.id, direction: 'out' });
    const exit = await steward.ok('scanner.scan', { code: code(8) });
    expect(exit).toMatchObject({ verdict: 'exited', attendee: { email: '' } });
    if (exit.verdict !== 'exited') throw new Error('not an exit');
    await steward.ok('scanner.undo', { checkInId: exit.checkInId });
    // Back at the entrance for the tests that follow.
    await steward.ok('scanner.setPoint', { pointId: status.event!.points[0]!.id, direction: 'in' });
  });

  it('is held to their last scan by the server too, whatever a device sends', async () => {
    const older = checkIn(3, new Date(Date.now() - 20_000));
    const newer = checkIn(4, new Date(Date.now() - 10_000));
    await steward.ok('checkins.upload', { deviceId: 'gate-1', items: [older, newer] });
    const refused = await steward.ok('checkins.upload', {
      deviceId: 'gate-1',
      items: [revert(older.nonce)],
    });
    expect(refused.results[0]).toMatchObject({ rejected: 'undo_refused' });

    // A check-in and the undo of the one before it in one batch: the same rule.
    const next = checkIn(5);
    const batch = await steward.ok('checkins.upload', {
      deviceId: 'gate-1',
      items: [next, revert(newer.nonce)],
    });
    expect(batch.results.map((r) => r.rejected)).toEqual([null, 'undo_refused']);

    const allowed = await steward.ok('checkins.upload', {
      deviceId: 'gate-1',
      items: [revert(next.nonce)],
    });
    expect(allowed.results[0]).toMatchObject({ rejected: null, applied: true });
  });

  it('a supervisor undoes any of their scans within the window', async () => {
    const older = checkIn(6, new Date(Date.now() - 20_000));
    const newer = checkIn(7, new Date(Date.now() - 10_000));
    await supervisor.ok('checkins.upload', { deviceId: 'gate-2', items: [older, newer] });
    const answer = await supervisor.ok('checkins.upload', {
      deviceId: 'gate-2',
      items: [revert(older.nonce)],
    });
    expect(answer.results[0]).toMatchObject({ rejected: null, applied: true });
  });

  it('is refused what only supervisors do', async () => {
    const registration = guests[0]!.id;
    for (const [channel, input] of [
      ['registrations.get', { id: registration }],
      ['registrations.list', { eventId }],
      ['checkins.list', { eventId }],
      ['reports.eventActivity', { eventId }],
    ] as const) {
      const answer = await steward.call(channel, input as never);
      expect(answer, channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});
