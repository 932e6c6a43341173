import { beforeAll, describe, expect, it } from 'vitest';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';
import { questionInput } from '../questions/fixtures';

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

  it('carries the live questions in order, limited to the copies of their ticket types', async () => {
    const source = await createEvent(organizer, { title: 'Summit 2026' });
    const vip = await organizer.ok('ticketTypes.create', { eventId: source.id, name: 'VIP' });
    const ask = (overrides: Parameters<typeof questionInput>[1]) =>
      organizer.ok('questions.create', questionInput(source.id, overrides));
    const diet = await ask({
      key: 'diet',
      label: 'Diet',
      kind: 'multipleChoice',
      choices: ['vegetarian', 'vegan', 'halal'],
      doorVisible: true,
    });
    const gone = await ask({ key: 'gone', label: 'Old question' });
    const table = await ask({
      key: 'table',
      label: 'VIP table',
      kind: 'number',
      required: true,
      min: 1,
      max: 12,
      ticketTypeIds: [vip.id],
    });
    const arrival = await ask({
      key: 'arrival',
      label: 'Arrival day',
      kind: 'date',
      earliest: '2026-05-01',
      latest: '2026-05-03',
    });
    // Answered, then deleted: archived with its answer, so it stays behind.
    const { registration } = await organizer.ok('registrations.register', {
      eventId: source.id,
      name: 'Ann Swered',
      email: 'ann@example.org',
      answers: { [gone.id]: 'kept' },
    });
    await organizer.ok('questions.delete', { id: gone.id, version: gone.version });
    await organizer.ok('questions.reorder', {
      eventId: source.id,
      order: [arrival, diet, table].map(({ id, version }) => ({ id, version })),
    });

    const copy = await organizer.ok('events.copy', {
      id: source.id,
      startsAt: '2027-05-01T08:00:00Z',
      endsAt: '2027-05-03T17:00:00Z',
    });
    const copyVip = (await organizer.ok('ticketTypes.list', { eventId: copy.id })).find(
      (type) => type.name === 'VIP',
    )!;
    const asked = await organizer.ok('questions.list', { eventId: copy.id, includeArchived: true });
    const settings = (q: (typeof asked)[number]) => ({
      key: q.key,
      label: q.label,
      kind: q.kind,
      required: q.required,
      choices: q.choices,
      min: q.min,
      max: q.max,
      earliest: q.earliest,
      latest: q.latest,
      doorVisible: q.doorVisible,
      position: q.position,
      answerCount: q.answerCount,
      archived: q.archived,
    });
    const expected = (await organizer.ok('questions.list', { eventId: source.id })).map((q) => ({
      ...settings(q),
      answerCount: 0,
    }));
    expect(asked.map(settings)).toEqual(expected);
    expect(asked.map((q) => [q.key, q.position, q.ticketTypeIds])).toEqual([
      ['arrival', 0, null],
      ['diet', 1, null],
      ['table', 2, [copyVip.id]],
    ]);
    expect(asked.every((q) => q.eventId === copy.id)).toBe(true);
    // The source keeps its questions and the answer to the archived one.
    expect(await organizer.ok('answers.get', { registrationId: registration.id })).toMatchObject({
      answers: { [gone.id]: 'kept' },
    });
    // The copy holds new registrations to its own questions: VIP must name a table.
    expect(
      await organizer.call('registrations.register', {
        eventId: copy.id,
        name: 'Vic Ipp',
        email: 'vic@example.org',
        ticketTypeId: copyVip.id,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: /VIP table/ } });
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
