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
let other: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'event_copy');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  other = await staffCaller(test, admin, 'organizer');
});

describe('copying an event', () => {
  it('carries details, ticket types and templates to new dates, and no attendees', async () => {
    const source = await createEvent(organizer, {
      title: 'DevConf 2026',
      maxAttendees: 300,
      category: 'conference',
    });
    const [general] = await organizer.ok('ticketTypes.list', { eventId: source.id });
    await organizer.ok('ticketTypes.update', {
      id: general!.id,
      version: general!.version,
      name: 'Standard',
      capacity: 250,
    });
    await organizer.ok('ticketTypes.create', { eventId: source.id, name: 'VIP', capacity: 50 });
    await organizer.ok('ticketTypes.create', { eventId: source.id, name: 'Speaker' });
    await organizer.ok('registrations.register', {
      eventId: source.id,
      name: 'Last Year',
      email: 'last.year@example.org',
    });
    await test.core.db.run(
      `insert into mail_templates (event_id, kind, subject, body, auto)
       values ($1, 'confirmation', 'See you at DevConf', 'Hello {{name}}', true)`,
      [source.id],
    );

    const copy = await organizer.ok('events.copy', {
      id: source.id,
      title: 'DevConf 2027',
      startsAt: '2027-06-01T08:00:00Z',
      endsAt: '2027-06-02T17:00:00Z',
    });
    expect(copy).toMatchObject({
      title: 'DevConf 2027',
      description: source.description,
      location: source.location,
      category: 'conference',
      timeZone: source.timeZone,
      maxAttendees: 300,
      status: 'draft',
      startsAt: '2027-06-01T08:00:00.000Z',
      endsAt: '2027-06-02T17:00:00.000Z',
      registeredCount: 0,
    });
    const types = await organizer.ok('ticketTypes.list', { eventId: copy.id });
    expect(types.map((t) => [t.name, t.capacity, t.position, t.registeredCount])).toEqual([
      ['Standard', 250, 0, 0],
      ['VIP', 50, 1, 0],
      ['Speaker', null, 2, 0],
    ]);
    const attendees = await organizer.ok('registrations.list', { eventId: copy.id });
    expect(attendees.total).toBe(0);
    expect(
      await test.core.db.many(
        'select subject, body, auto from mail_templates where event_id = $1',
        [copy.id],
      ),
    ).toEqual([{ subject: 'See you at DevConf', body: 'Hello {{name}}', auto: true }]);
    // The source is untouched.
    expect((await organizer.ok('ticketTypes.list', { eventId: source.id })).length).toBe(3);
  });

  it('is refused to an organizer who does not manage the event, and with bad dates', async () => {
    const source = await createEvent(organizer);
    const eventCount = async () =>
      (await test.core.db.one<{ n: number }>('select count(*)::int as n from events'))!.n;
    const before = await eventCount();
    const dates = { startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T12:00:00Z' };
    expect(await other.call('events.copy', { id: source.id, ...dates })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await organizer.call('events.copy', {
        id: source.id,
        startsAt: dates.endsAt,
        endsAt: dates.startsAt,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await eventCount()).toBe(before);
  });
});
