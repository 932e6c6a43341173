import { beforeAll, describe, expect, it } from 'vitest';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';
import { restrictedLogins } from '../../support/restricted-core';

let test: TestCore;
let organizer: Caller;
let other: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'registration_edit');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  other = await staffCaller(test, admin, 'organizer', 'other.organizer@example.org');
});

const register = (eventId: string, n: number, ticketTypeId?: string) =>
  organizer.ok('registrations.register', {
    eventId,
    name: `Persn ${n}`,
    email: `edit${n}@example.org`,
    ticketTypeId,
  });

const auditRows = (entityId: string, action: string) =>
  test.core.db.many<{ before: unknown; after: unknown }>(
    'select before, after from audit_log where entity_id = $1 and action = $2',
    [entityId, action],
  );

describe('editing a registration', () => {
  it('fixes a misspelled name with a before/after audit row', async () => {
    const event = await createEvent(organizer);
    const { registration } = await register(event.id, 1);
    const { registration: fixed } = await organizer.ok('registrations.edit', {
      id: registration.id,
      version: registration.version,
      name: 'Person 1',
    });
    expect(fixed).toMatchObject({ attendeeName: 'Person 1', version: registration.version + 1 });
    expect(await auditRows(registration.id, 'registrations.edit')).toEqual([
      {
        before: expect.objectContaining({ attendeeName: 'Persn 1' }),
        after: expect.objectContaining({ attendeeName: 'Person 1' }),
      },
    ]);
  });

  it('refuses a stale version as CONFLICT and writes nothing', async () => {
    const event = await createEvent(organizer);
    const { registration } = await register(event.id, 2);
    await organizer.ok('registrations.edit', {
      id: registration.id,
      version: registration.version,
      name: 'First Fix',
    });
    const stale = await organizer.call('registrations.edit', {
      id: registration.id,
      version: registration.version,
      name: 'Second Fix',
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await organizer.ok('registrations.get', { id: registration.id })).toMatchObject({
      attendeeName: 'First Fix',
    });
    expect(await auditRows(registration.id, 'registrations.edit')).toHaveLength(1);
  });

  it('refuses an email another attendee holds, and another organizer', async () => {
    const event = await createEvent(organizer);
    const { registration } = await register(event.id, 3);
    await register(event.id, 4);
    const taken = await organizer.call('registrations.edit', {
      id: registration.id,
      version: registration.version,
      email: 'EDIT4@example.org',
    });
    expect(taken).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { email: expect.any(String) } },
    });
    const notYours = await other.call('registrations.edit', {
      id: registration.id,
      version: registration.version,
      name: 'Hijack',
    });
    // On an organizer desktop's own login, row-level security hides another organizer's
    // registration altogether: NOT_FOUND rather than FORBIDDEN, and nothing is written either way.
    const refusal = restrictedLogins ? 'NOT_FOUND' : 'FORBIDDEN';
    expect(notYours).toMatchObject({ ok: false, error: { code: refusal } });
    const unchanged = await test.core.db.one<{ name: string }>(
      'select attendee_name as name from event_registrations where id = $1',
      [registration.id],
    );
    expect(unchanged!.name).not.toBe('Hijack');
  });

  it('changes type through capacity: FULL when refused, the new waitlist when asked', async () => {
    const event = await createEvent(organizer, { maxAttendees: 10 });
    const vip = await organizer.ok('ticketTypes.create', {
      eventId: event.id,
      name: 'VIP',
      capacity: 1,
    });
    await register(event.id, 5, vip.id);
    const { registration: standard } = await register(event.id, 6);
    const refused = await organizer.call('registrations.edit', {
      id: standard.id,
      version: standard.version,
      ticketTypeId: vip.id,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FULL' } });
    expect(await organizer.ok('registrations.get', { id: standard.id })).toMatchObject({
      status: 'registered',
      ticketTypeId: standard.ticketTypeId,
      version: standard.version,
    });

    const waiting = await organizer.ok('registrations.edit', {
      id: standard.id,
      version: standard.version,
      ticketTypeId: vip.id,
      ifFull: 'waitlist',
    });
    expect(waiting.registration).toMatchObject({
      status: 'waitlisted',
      ticketTypeId: vip.id,
      waitlistPosition: 1,
    });
    const types = await organizer.ok('ticketTypes.list', { eventId: event.id });
    expect(types.map((t) => [t.name, t.registeredCount, t.waitlistedCount])).toEqual([
      ['General admission', 0, 0],
      ['VIP', 1, 1],
    ]);
  });
});
