import { beforeAll, describe, expect, it } from 'vitest';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';
import { typeInvariants } from './invariants';

let test: TestCore;
let organizer: Caller;
let door: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'ticket_types');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  door = await staffCaller(test, admin, 'door');
});

const register = (eventId: string, name: string, ticketTypeId?: string) =>
  organizer.ok('registrations.register', {
    eventId,
    name,
    email: `${name.toLowerCase()}.${eventId.slice(0, 8)}@example.org`,
    ticketTypeId,
  });

describe('waitlists per ticket type', () => {
  it('gives a freed seat to the first waitlisted person that seat can serve', async () => {
    const event = await createEvent(organizer, { maxAttendees: 2 });
    const [standard] = await organizer.ok('ticketTypes.list', { eventId: event.id });
    const vip = await organizer.ok('ticketTypes.create', {
      eventId: event.id,
      name: 'VIP',
      capacity: 1,
    });
    const ann = await register(event.id, 'Ann', vip.id);
    const bob = await register(event.id, 'Bob');
    const cy = await register(event.id, 'Cy', vip.id);
    const di = await register(event.id, 'Di', standard!.id);
    expect([ann, bob, cy, di].map((r) => r.outcome)).toEqual([
      'registered',
      'registered',
      'waitlisted',
      'waitlisted',
    ]);
    // Each type keeps its own line.
    expect([cy.registration.waitlistPosition, di.registration.waitlistPosition]).toEqual([1, 1]);

    // A standard seat frees: Cy came first, but VIP is still full, so Di gets it.
    const first = await organizer.ok('registrations.cancel', { id: bob.registration.id });
    expect(first.promoted).toMatchObject({ id: di.registration.id, status: 'registered' });
    // Now the VIP seat frees: Cy's turn.
    const second = await organizer.ok('registrations.cancel', { id: ann.registration.id });
    expect(second.promoted).toMatchObject({ id: cy.registration.id, status: 'registered' });
    await typeInvariants(test, organizer, event.id);
  });

  it('seats a type’s waitlist when its capacity goes up, never beyond the event', async () => {
    const event = await createEvent(organizer, { maxAttendees: 3 });
    const vip = await organizer.ok('ticketTypes.create', {
      eventId: event.id,
      name: 'VIP',
      capacity: 1,
    });
    for (const name of ['Eva', 'Fay', 'Gus', 'Hal']) await register(event.id, name, vip.id);
    const raised = await organizer.ok('ticketTypes.update', {
      id: vip.id,
      version: vip.version,
      capacity: 3,
    });
    expect(raised).toMatchObject({ registeredCount: 3, waitlistedCount: 1, version: 2 });
    await typeInvariants(test, organizer, event.id);
  });
});

describe('ticket type rules', () => {
  it('keeps capacity within the event’s and names unique, and refuses stale versions', async () => {
    const event = await createEvent(organizer, { maxAttendees: 10 });
    const tooBig = await organizer.call('ticketTypes.create', {
      eventId: event.id,
      name: 'Huge',
      capacity: 11,
    });
    expect(tooBig).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { capacity: expect.any(String) } },
    });
    const twin = await organizer.call('ticketTypes.create', {
      eventId: event.id,
      name: 'general ADMISSION',
    });
    expect(twin).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { name: expect.any(String) } },
    });
    const [general] = await organizer.ok('ticketTypes.list', { eventId: event.id });
    await organizer.ok('ticketTypes.update', { id: general!.id, version: 1, name: 'Standard' });
    const stale = await organizer.call('ticketTypes.update', {
      id: general!.id,
      version: 1,
      name: 'Regular',
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await organizer.ok('ticketTypes.list', { eventId: event.id }))[0]!.name).toBe(
      'Standard',
    );
  });

  it('deletes only an unused type and never the last, and reorders the default', async () => {
    const event = await createEvent(organizer);
    const [general] = await organizer.ok('ticketTypes.list', { eventId: event.id });
    const last = await organizer.call('ticketTypes.delete', { id: general!.id, version: 1 });
    expect(last).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const day1 = await organizer.ok('ticketTypes.create', { eventId: event.id, name: 'Day 1' });
    const day2 = await organizer.ok('ticketTypes.create', { eventId: event.id, name: 'Day 2' });
    await register(event.id, 'Ivy', day1.id);
    const used = await organizer.call('ticketTypes.delete', { id: day1.id, version: day1.version });
    expect(used).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await organizer.ok('ticketTypes.delete', { id: day2.id, version: day2.version });

    const order = await organizer.ok('ticketTypes.reorder', {
      eventId: event.id,
      ids: [day1.id, general!.id],
    });
    expect(order.map((t) => [t.name, t.position])).toEqual([
      ['Day 1', 0],
      ['General admission', 1],
    ]);
    // Registering without a type now picks the new first one.
    const jo = await register(event.id, 'Jo');
    expect(jo.registration.ticketTypeId).toBe(day1.id);
    const audit = await test.core.db.many<{ action: string }>(
      `select action from audit_log where entity = 'ticketType' and entity_id = any($1::text[])
        order by id`,
      [[day1.id, day2.id]],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'ticketTypes.create',
      'ticketTypes.create',
      'ticketTypes.delete',
      'ticketTypes.reorder',
    ]);
  });

  it('lets door staff read the types of published events only, and change none', async () => {
    const published = await createEvent(organizer);
    const draft = await createEvent(organizer, { status: 'draft' });
    expect(await door.ok('ticketTypes.list', { eventId: published.id })).toHaveLength(1);
    expect(await door.call('ticketTypes.list', { eventId: draft.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await door.call('ticketTypes.create', { eventId: published.id, name: 'Sneaky' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const other = await register(published.id, 'Kim');
    expect(
      await organizer.call('registrations.register', {
        eventId: published.id,
        name: 'Lee',
        email: 'lee@example.org',
        ticketTypeId: (await organizer.ok('ticketTypes.list', { eventId: draft.id }))[0]!.id,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(other.outcome).toBe('registered');
  });
});
