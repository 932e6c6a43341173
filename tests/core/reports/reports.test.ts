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

let test: TestCore;
let organizer: Caller;
let door: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'reports');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  door = await staffCaller(test, admin, 'door');
});

async function register(eventId: string, count: number) {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const { registration } = await organizer.ok('registrations.register', {
      eventId,
      name: `Guest ${i}`,
      email: `guest${i}@example.org`,
    });
    codes.push(registration.ticketCode);
  }
  return codes;
}

describe('reports.eventActivity', () => {
  it('counts registrations per day in the event’s time zone, not UTC', async () => {
    const event = await createEvent(organizer, { timeZone: 'America/Los_Angeles' });
    await register(event.id, 3);
    // 2026-03-02 03:00 UTC is still the 1st in Los Angeles; 2026-03-02 20:00 UTC is the 2nd.
    await test.core.db.run(
      `update event_registrations set created_at = case attendee_name
         when 'Guest 0' then timestamptz '2026-03-02T03:00:00Z'
         when 'Guest 1' then timestamptz '2026-03-02T04:00:00Z'
         else timestamptz '2026-03-02T20:00:00Z' end
       where event_id = $1`,
      [event.id],
    );
    const activity = await organizer.ok('reports.eventActivity', { eventId: event.id });
    expect(activity).toEqual({
      timeZone: 'America/Los_Angeles',
      registrationsPerDay: [
        { day: '2026-03-01', count: 2 },
        { day: '2026-03-02', count: 1 },
      ],
      checkInsPerHour: [],
    });
  });

  it('counts check-ins per local hour, each ticket once, leaving reverted ones out', async () => {
    const event = await createEvent(organizer, { timeZone: 'Asia/Kolkata' });
    const codes = await register(event.id, 4);
    const checkIn = (ticketCode: string, scannedAt: string) => ({
      kind: 'checkIn' as const,
      nonce: randomUUID(),
      eventId: event.id,
      ticketCode,
      scannedAt,
    });
    const items = [
      checkIn(codes[0]!, '2026-04-10T12:40:00Z'), // 18:10 in Kolkata (+05:30)
      checkIn(codes[1]!, '2026-04-10T12:50:00Z'), // 18:20
      checkIn(codes[2]!, '2026-04-10T13:35:00Z'), // 19:05
      checkIn(codes[0]!, '2026-04-10T13:40:00Z'), // the same ticket again: counts once, at 18:00
      checkIn(codes[3]!, '2026-04-10T13:45:00Z'), // reverted below
    ];
    await door.ok('checkins.upload', { deviceId: 'gate-1', items });
    await door.ok('checkins.upload', {
      deviceId: 'gate-1',
      items: [
        {
          kind: 'revert',
          nonce: randomUUID(),
          eventId: event.id,
          checkInNonce: items[4]!.nonce,
          revertedAt: '2026-04-10T13:46:00Z',
        },
      ],
    });
    const activity = await door.ok('reports.eventActivity', { eventId: event.id });
    expect(activity.checkInsPerHour).toEqual([
      { hour: '2026-04-10T18:00', count: 2 },
      { hour: '2026-04-10T19:00', count: 1 },
    ]);
    expect(activity.registrationsPerDay.reduce((sum, day) => sum + day.count, 0)).toBe(4);
  });

  it('shows door staff published events only, and says NOT_FOUND for the rest', async () => {
    const draft = await createEvent(organizer, { status: 'draft' });
    expect(await door.call('reports.eventActivity', { eventId: draft.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await organizer.call('reports.eventActivity', { eventId: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
