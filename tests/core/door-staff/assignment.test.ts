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

// Door staff work every published event until an admin limits them; then a door desktop lists,
// prepares and checks in only for the events an organizer assigned them to.

let test: TestCore;
let admin: Caller;
let organizer: Caller;
let otherOrganizer: Caller;
let steward: Caller;
let stewardId: string;
let gateA: string;
let gateB: string;
let ticketB: { id: string };

beforeAll(async () => {
  test = await startTestCore({}, 'door_assignment');
  admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  otherOrganizer = await staffCaller(test, admin, 'organizer');
  steward = await staffCaller(test, admin, 'steward');
  stewardId = (await steward.ok('auth.session', {})).user!.id;
  gateA = (await createEvent(organizer, { title: 'Festival day 1' })).id;
  gateB = (await createEvent(organizer, { title: 'Festival day 2' })).id;
  ({ registration: ticketB } = await organizer.ok('registrations.register', {
    eventId: gateB,
    name: 'Ada Day-Two',
    email: 'ada@example.org',
  }));
});

const listed = async (caller: Caller) =>
  (await caller.ok('events.list', { limit: 100 })).items.map((e) => e.title).sort();
const upload = (eventId: string, registrationId: string) =>
  steward.ok('checkins.upload', {
    deviceId: 'gate',
    items: [
      {
        kind: 'checkIn',
        nonce: randomUUID(),
        eventId,
        registrationId,
        scannedAt: new Date().toISOString(),
      },
    ],
  });

describe('door staff assignment', () => {
  it('lets door staff work every published event until an admin limits them', async () => {
    expect(await listed(steward)).toEqual(['Festival day 1', 'Festival day 2']);
    const staff = await organizer.ok('doorStaff.list', { eventId: gateA });
    expect(staff).toContainEqual(
      expect.objectContaining({ id: stewardId, role: 'steward', allEvents: true, assigned: false }),
    );
  });

  it('shows a limited steward only the events assigned to them, everywhere', async () => {
    await admin.ok('doorStaff.setAllEvents', { userId: stewardId, allEvents: false });
    expect(await listed(steward)).toEqual([]);
    await organizer.ok('doorStaff.assign', { eventId: gateA, userId: stewardId, assigned: true });
    expect(await listed(steward)).toEqual(['Festival day 1']);

    for (const [channel, input] of [
      ['events.get', { id: gateB }],
      ['door.snapshot', { eventId: gateB }],
    ] as const) {
      expect(await steward.call(channel, input as never), channel).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
    expect((await upload(gateB, ticketB.id)).results[0]!.rejected).toBe('event_closed');
    expect(await steward.ok('events.get', { id: gateA })).toMatchObject({ id: gateA });
    expect((await steward.ok('door.snapshot', { eventId: gateA })).event.id).toBe(gateA);
  });

  it('takes an event away at once when the assignment is removed', async () => {
    await organizer.ok('doorStaff.assign', { eventId: gateB, userId: stewardId, assigned: true });
    expect((await upload(gateB, ticketB.id)).results[0]!.rejected).toBeNull();
    await organizer.ok('doorStaff.assign', { eventId: gateB, userId: stewardId, assigned: false });
    expect(await listed(steward)).toEqual(['Festival day 1']);
    expect((await upload(gateB, ticketB.id)).results[0]!.rejected).toBe('event_closed');
  });

  it('is the event’s managers’ to change, and only for door staff', async () => {
    expect(
      await otherOrganizer.call('doorStaff.assign', {
        eventId: gateA,
        userId: stewardId,
        assigned: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await otherOrganizer.call('doorStaff.list', { eventId: gateA })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const organizerId = (await otherOrganizer.ok('auth.session', {})).user!.id;
    expect(
      await organizer.call('doorStaff.assign', {
        eventId: gateA,
        userId: organizerId,
        assigned: true,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { userId: expect.any(String) } },
    });
    expect(
      await organizer.call('doorStaff.setAllEvents', { userId: stewardId, allEvents: true }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      await admin.call('doorStaff.assign', {
        eventId: randomUUID(),
        userId: stewardId,
        assigned: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('audits each change', async () => {
    const { items } = await admin.ok('audit.list', { limit: 50 });
    const actions = items.map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(['doorStaff.assign', 'doorStaff.unassign', 'doorStaff.setAllEvents']),
    );
  });
});
