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
let admin: Caller;
let organizer: Caller;
let organizerId: string;

beforeAll(async () => {
  test = await startTestCore({}, 'audit');
  admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer', 'olga@example.org');
  const [olga] = await admin.ok('users.list', { search: 'olga@example.org' });
  organizerId = olga!.id;
});

describe('audit.list', () => {
  it('says who did what to which thing, newest first, with before and after', async () => {
    const event = await createEvent(organizer, { title: 'Audit Night', maxAttendees: 1 });
    await organizer.ok('events.update', {
      id: event.id,
      version: event.version,
      title: 'Audit Night II',
    });
    const { items } = await admin.ok('audit.list', { eventId: event.id });
    expect(items.map((row) => row.action)).toEqual(['events.update', 'events.create']);
    const [update] = items;
    expect(update).toMatchObject({
      actor: { id: organizerId, name: 'organizer person', email: 'olga@example.org' },
      entity: 'event',
      entityId: event.id,
      entityLabel: 'Audit Night II',
      event: { id: event.id, title: 'Audit Night II' },
      before: { title: 'Audit Night' },
      after: { title: 'Audit Night II' },
    });
    expect(Date.parse(update!.at)).not.toBeNaN();
  });

  it('finds a registration’s rows under its event, named after the attendee', async () => {
    const event = await createEvent(organizer, { title: 'Small Room', maxAttendees: 1 });
    const first = await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Rita Register',
      email: 'rita@example.org',
    });
    await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Walt Wait',
      email: 'walt@example.org',
    });
    await organizer.ok('registrations.cancel', { id: first.registration.id });
    const { items } = await admin.ok('audit.list', { eventId: event.id });
    expect(items.map((row) => [row.action, row.entityLabel])).toEqual([
      ['registrations.promote', 'Walt Wait'],
      ['registrations.cancel', 'Rita Register'],
      ['registrations.register', 'Walt Wait'],
      ['registrations.register', 'Rita Register'],
      ['events.create', 'Small Room'],
    ]);
    expect(items.every((row) => row.event?.id === event.id)).toBe(true);
  });

  it('filters by user and action: a person’s sign-in history, failures included', async () => {
    await test
      .caller()
      .call('auth.login', { email: 'olga@example.org', password: 'wrong password' });
    await test
      .caller()
      .ok('auth.login', { email: 'olga@example.org', password: 'a long enough password' });
    const { items } = await admin.ok('audit.list', {
      userId: organizerId,
      actions: ['auth.login', 'auth.login_failed'],
    });
    expect(items.map((row) => row.action)).toEqual([
      'auth.login',
      'auth.login_failed',
      'auth.login',
    ]);
    expect(items[1]).toMatchObject({
      actor: null,
      entityLabel: 'organizer person',
      after: { email: 'olga@example.org' },
    });
    // The admin's own sign-ins are not the organizer's.
    expect(items.every((row) => row.entityId === organizerId)).toBe(true);
  });

  it('pages with a cursor, without repeats or gaps, and filters by date range', async () => {
    const all = await admin.ok('audit.list', { limit: 200 });
    expect(all.nextCursor).toBeNull();
    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = await admin.ok('audit.list', { limit: 3, before });
      seen.push(...page.items.map((row) => row.id));
      before = page.nextCursor ?? undefined;
    } while (before);
    expect(seen).toEqual(all.items.map((row) => row.id));

    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await admin.ok('audit.list', { from: future })).items).toEqual([]);
    const everything = await admin.ok('audit.list', { to: future, limit: 200 });
    expect(everything.items.length).toBe(all.items.length);
    const bad = await admin.call('audit.list', { from: future, to: new Date(0).toISOString() });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { to: expect.any(String) } },
    });
  });

  it('lists the actions it holds, and is for admins only', async () => {
    const actions = await admin.ok('audit.actions', {});
    expect(actions).toEqual(
      expect.arrayContaining(['auth.setup', 'events.create', 'registrations.cancel']),
    );
    expect(actions).toEqual([...actions].sort());
    expect(await organizer.call('audit.list', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('one audit shape per action, whichever path wrote it', () => {
  const keysOf = (value: unknown) => Object.keys(value as object).sort();

  it('stores registrations as the RegistrationDto, by register and by import alike', async () => {
    const event = await createEvent(organizer, { title: 'Shape Night', maxAttendees: 1 });
    const { registration } = await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Ria Single',
      email: 'ria@example.org',
    });
    await organizer.ok('registrations.import', {
      eventId: event.id,
      csv: 'Ivo Import,ivo@example.org',
    });
    const { items } = await admin.ok('audit.list', { eventId: event.id });
    const registered = items.find((row) => row.action === 'registrations.register')!;
    const imported = items.find((row) => row.action === 'registrations.import')!;
    expect(registered.after).toEqual(registration);
    expect(keysOf(imported.after)).toEqual(keysOf(registration));
    expect(imported.after).toMatchObject({ attendeeName: 'Ivo Import', status: 'waitlisted' });
  });

  it('stores a promotion with the DTO before and after, by hand and on a cancellation', async () => {
    const event = await createEvent(organizer, { title: 'Promotion Night', maxAttendees: 1 });
    const register = (name: string) =>
      organizer.ok('registrations.register', {
        eventId: event.id,
        name,
        email: `${name.toLowerCase()}@example.org`,
      });
    const seated = await register('Sam');
    const byHand = await register('Hana');
    const onCancel = await register('Carl');
    // Seats freed behind the app's back, so one can be filled by hand: Hana is moved in by the
    // organizer, Carl by the promotion that Sam's cancellation triggers.
    await test.core.db.run('update events set max_attendees = 3 where id = $1', [event.id]);
    await organizer.ok('registrations.promote', { id: byHand.registration.id });
    await organizer.ok('registrations.cancel', { id: seated.registration.id });
    const { items } = await admin.ok('audit.list', {
      eventId: event.id,
      actions: ['registrations.promote'],
    });
    const rowOf = (id: string) => items.find((row) => row.entityId === id)!;
    for (const [row, name] of [
      [rowOf(byHand.registration.id), 'Hana'],
      [rowOf(onCancel.registration.id), 'Carl'],
    ] as const) {
      expect(keysOf(row.before)).toEqual(keysOf(seated.registration));
      expect(keysOf(row.after)).toEqual(keysOf(seated.registration));
      expect(row.before).toMatchObject({ attendeeName: name, status: 'waitlisted' });
      expect(row.after).toMatchObject({ attendeeName: name, status: 'registered' });
    }
  });
});
