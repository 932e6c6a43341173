import { beforeAll, describe, expect, it } from 'vitest';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';
import { questionInput } from './fixtures';

let test: TestCore;
let organizer: Caller;
let otherOrganizer: Caller;
let door: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'questions');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  otherOrganizer = await staffCaller(test, admin, 'organizer');
  door = await staffCaller(test, admin, 'door');
});

const auditActions = async (entityId: string) =>
  (
    await test.core.db.many<{ action: string }>(
      'select action from audit_log where entity_id = $1 order by id',
      [entityId],
    )
  ).map((row) => row.action);

describe('questions of an event', () => {
  it('creates questions in order with keys made from their labels, and audits them', async () => {
    const event = await createEvent(organizer);
    const company = await organizer.ok('questions.create', questionInput(event.id));
    const diet = await organizer.ok(
      'questions.create',
      questionInput(event.id, {
        label: 'Dietary needs?',
        kind: 'singleChoice',
        choices: ['none', 'vegetarian', 'vegan'],
        required: true,
        doorVisible: true,
      }),
    );
    const again = await organizer.ok('questions.create', questionInput(event.id));
    expect([company.key, diet.key, again.key]).toEqual(['company', 'dietary-needs', 'company-2']);
    expect([company.position, diet.position, again.position]).toEqual([0, 1, 2]);
    expect(diet).toMatchObject({ required: true, doorVisible: true, version: 1, answerCount: 0 });
    expect(await auditActions(diet.id)).toEqual(['questions.create']);
    const listed = await organizer.ok('questions.list', { eventId: event.id });
    expect(listed.map((q) => q.id)).toEqual([company.id, diet.id, again.id]);
  });

  it('refuses settings that make no sense, naming the field, and writes nothing', async () => {
    const event = await createEvent(organizer);
    const cases: [Partial<Parameters<typeof questionInput>[1]>, string][] = [
      [{ kind: 'singleChoice', choices: ['only'] }, 'choices'],
      [{ kind: 'multipleChoice', choices: ['a', 'A'] }, 'choices'],
      [{ kind: 'text', choices: ['a', 'b'] }, 'choices'],
      [{ kind: 'number', min: 5, max: 1 }, 'max'],
      [{ kind: 'text', min: 1 }, 'min'],
      [{ kind: 'date', earliest: '2026-02-30' }, 'earliest'],
      [{ kind: 'date', earliest: '2026-05-02', latest: '2026-05-01' }, 'latest'],
      [{ label: '  ' }, 'label'],
      [{ ticketTypeIds: [] }, 'ticketTypeIds'],
      [{ key: 'Not A Key' }, 'key'],
    ];
    for (const [overrides, field] of cases) {
      const result = await organizer.call('questions.create', questionInput(event.id, overrides));
      expect(result, JSON.stringify(overrides)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { [field]: expect.any(String) } },
      });
    }
    expect(await organizer.ok('questions.list', { eventId: event.id })).toEqual([]);
  });

  it('lets only the event’s organizer (or an admin) change its questions', async () => {
    const event = await createEvent(organizer);
    const stranger = await otherOrganizer.call('questions.create', questionInput(event.id));
    expect(stranger).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const fromDoor = await door.call('questions.create', questionInput(event.id));
    expect(fromDoor).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const taken = await organizer.ok('questions.create', questionInput(event.id, { key: 'org' }));
    const clash = await organizer.call('questions.create', questionInput(event.id, { key: 'org' }));
    expect(clash).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { key: expect.any(String) } },
    });
    const edit = await otherOrganizer.call('questions.update', {
      ...questionInput(event.id),
      eventId: undefined,
      id: taken.id,
      version: 1,
    } as never);
    expect(edit).toMatchObject({ ok: false });
  });

  it('updates with optimistic concurrency: a stale version is CONFLICT', async () => {
    const event = await createEvent(organizer);
    const q = await organizer.ok('questions.create', questionInput(event.id));
    const { eventId: _e, key: _k, ...settings } = questionInput(event.id, { label: 'Employer' });
    const updated = await organizer.ok('questions.update', { id: q.id, version: 1, ...settings });
    expect(updated).toMatchObject({ label: 'Employer', version: 2, key: 'company' });
    const stale = await organizer.call('questions.update', { id: q.id, version: 1, ...settings });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await auditActions(q.id)).toEqual(['questions.create', 'questions.update']);
  });

  it('reorders the whole list at the versions the editor saw', async () => {
    const event = await createEvent(organizer);
    const a = await organizer.ok('questions.create', questionInput(event.id, { label: 'A' }));
    const b = await organizer.ok('questions.create', questionInput(event.id, { label: 'B' }));
    const c = await organizer.ok('questions.create', questionInput(event.id, { label: 'C' }));
    const reordered = await organizer.ok('questions.reorder', {
      eventId: event.id,
      order: [c, a, b].map(({ id, version }) => ({ id, version })),
    });
    expect(reordered.map((q) => q.label)).toEqual(['C', 'A', 'B']);
    // The editor's list is stale now (versions moved on): refused, order kept.
    const stale = await organizer.call('questions.reorder', {
      eventId: event.id,
      order: [a, b, c].map(({ id, version }) => ({ id, version })),
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const partial = await organizer.call('questions.reorder', {
      eventId: event.id,
      order: reordered.slice(0, 2).map(({ id, version }) => ({ id, version })),
    });
    expect(partial).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(
      (await organizer.ok('questions.list', { eventId: event.id })).map((q) => q.label),
    ).toEqual(['C', 'A', 'B']);
  });

  it('deletes an unanswered question, archives an answered one with its answers', async () => {
    const event = await createEvent(organizer);
    const unused = await organizer.ok(
      'questions.create',
      questionInput(event.id, { label: 'Unused' }),
    );
    const diet = await organizer.ok(
      'questions.create',
      questionInput(event.id, { label: 'Diet', kind: 'singleChoice', choices: ['none', 'vegan'] }),
    );
    const { registration } = await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Grace',
      email: 'grace@example.org',
      answers: { [diet.id]: 'vegan' },
    });
    expect(await organizer.ok('questions.delete', { id: unused.id, version: 1 })).toMatchObject({
      outcome: 'deleted',
    });
    const archived = await organizer.ok('questions.delete', { id: diet.id, version: 1 });
    expect(archived).toMatchObject({
      outcome: 'archived',
      question: { archived: true, answerCount: 1 },
    });
    expect(await organizer.ok('questions.list', { eventId: event.id })).toEqual([]);
    const withArchived = await organizer.ok('questions.list', {
      eventId: event.id,
      includeArchived: true,
    });
    expect(withArchived.map((q) => q.label)).toEqual(['Diet']);
    // The answer stays the registration's record.
    expect(
      (await organizer.ok('answers.get', { registrationId: registration.id })).answers,
    ).toEqual({
      [diet.id]: 'vegan',
    });
    // An archived question is no longer asked.
    const late = await organizer.call('registrations.register', {
      eventId: event.id,
      name: 'Late',
      email: 'late@example.org',
      answers: { [diet.id]: 'vegan' },
    });
    expect(late).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('keeps answers meaningful: no kind change or removal of a chosen option once answered', async () => {
    const event = await createEvent(organizer);
    const diet = await organizer.ok(
      'questions.create',
      questionInput(event.id, {
        label: 'Diet',
        kind: 'singleChoice',
        choices: ['none', 'vegan', 'halal'],
      }),
    );
    await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Grace',
      email: 'grace@example.org',
      answers: { [diet.id]: 'vegan' },
    });
    const { eventId: _e, key: _k, ...base } = questionInput(event.id, { label: 'Diet' });
    const toText = await organizer.call('questions.update', { id: diet.id, version: 1, ...base });
    expect(toText).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { kind: expect.any(String) } },
    });
    const dropVegan = await organizer.call('questions.update', {
      id: diet.id,
      version: 1,
      ...base,
      kind: 'singleChoice',
      choices: ['none', 'halal'],
    });
    expect(dropVegan).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('"vegan"') },
    });
    // An option nobody chose may go.
    const dropHalal = await organizer.ok('questions.update', {
      id: diet.id,
      version: 1,
      ...base,
      kind: 'singleChoice',
      choices: ['none', 'vegan'],
    });
    expect(dropHalal.choices).toEqual(['none', 'vegan']);
  });
});

describe('answers at registration and after', () => {
  it('stores valid answers of every kind with the registration', async () => {
    const event = await createEvent(organizer);
    const make = (overrides: Parameters<typeof questionInput>[1]) =>
      organizer.ok('questions.create', questionInput(event.id, overrides));
    const qs = {
      company: await make({ label: 'Company', kind: 'text' }),
      bio: await make({ label: 'Bio', kind: 'longText' }),
      diet: await make({ label: 'Diet', kind: 'singleChoice', choices: ['none', 'vegetarian'] }),
      days: await make({ label: 'Days', kind: 'multipleChoice', choices: ['Day 1', 'Day 2'] }),
      chair: await make({ label: 'Wheelchair access', kind: 'yesNo' }),
      guests: await make({ label: 'Guests', kind: 'number', min: 0, max: 3 }),
      arrival: await make({ label: 'Arrival', kind: 'date' }),
    };
    const answers = {
      [qs.company.id]: ' Acme ',
      [qs.bio.id]: 'Line one\nLine two',
      [qs.diet.id]: 'vegetarian',
      [qs.days.id]: ['Day 2', 'Day 1'],
      [qs.chair.id]: true,
      [qs.guests.id]: 2,
      [qs.arrival.id]: '2026-06-01',
    };
    const { registration } = await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Ada',
      email: 'ada.l@example.org',
      answers,
    });
    const stored = await organizer.ok('answers.get', { registrationId: registration.id });
    expect(stored).toEqual({
      registrationId: registration.id,
      version: 0,
      answers: { ...answers, [qs.company.id]: 'Acme', [qs.days.id]: ['Day 1', 'Day 2'] },
    });
  });

  it('refuses a missing required answer or a wrong one as VALIDATION per question, writing nothing', async () => {
    const event = await createEvent(organizer);
    const diet = await organizer.ok(
      'questions.create',
      questionInput(event.id, {
        label: 'Diet',
        kind: 'singleChoice',
        choices: ['none', 'vegan'],
        required: true,
      }),
    );
    const guests = await organizer.ok(
      'questions.create',
      questionInput(event.id, { label: 'Guests', kind: 'number', max: 3 }),
    );
    const missing = await organizer.call('registrations.register', {
      eventId: event.id,
      name: 'Ann',
      email: 'ann@example.org',
    });
    expect(missing).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Diet: This question is required',
        fields: { [`answers.${diet.id}`]: 'This question is required' },
      },
    });
    const tooMany = await organizer.call('registrations.register', {
      eventId: event.id,
      name: 'Ann',
      email: 'ann@example.org',
      answers: { [diet.id]: 'vegan', [guests.id]: 9 },
    });
    expect(tooMany).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { [`answers.${guests.id}`]: 'At most 3' } },
    });
    const count = await test.core.db.one<{ n: number }>(
      'select count(*)::int as n from event_registrations where event_id = $1',
      [event.id],
    );
    expect(count!.n).toBe(0);
  });

  it('does not tell another organizer what the event asks', async () => {
    const event = await createEvent(organizer);
    await organizer.ok('questions.create', questionInput(event.id, { required: true }));
    const result = await otherOrganizer.call('registrations.register', {
      eventId: event.id,
      name: 'Eve',
      email: 'eve@example.org',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const list = await otherOrganizer.call('questions.list', { eventId: event.id });
    expect(list).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('edits answers with optimistic concurrency and a before/after audit row', async () => {
    const event = await createEvent(organizer);
    const diet = await organizer.ok(
      'questions.create',
      questionInput(event.id, {
        label: 'Diet',
        kind: 'singleChoice',
        choices: ['none', 'vegan'],
        required: true,
      }),
    );
    const { registration } = await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Ann',
      email: 'ann@example.org',
      answers: { [diet.id]: 'none' },
    });
    const saved = await organizer.ok('answers.save', {
      registrationId: registration.id,
      version: 0,
      answers: { [diet.id]: 'vegan' },
    });
    expect(saved).toMatchObject({ version: 1, answers: { [diet.id]: 'vegan' } });
    const stale = await organizer.call('answers.save', {
      registrationId: registration.id,
      version: 0,
      answers: { [diet.id]: 'none' },
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const cleared = await organizer.call('answers.save', {
      registrationId: registration.id,
      version: 1,
      answers: {},
    });
    expect(cleared).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const stranger = await otherOrganizer.call('answers.save', {
      registrationId: registration.id,
      version: 1,
      answers: { [diet.id]: 'none' },
    });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const audit = await test.core.db.one<{ before: unknown; after: unknown }>(
      `select before, after from audit_log where entity_id = $1 and action = 'answers.save'`,
      [registration.id],
    );
    expect(audit).toEqual({
      before: { answers: { [diet.id]: 'none' } },
      after: { answers: { [diet.id]: 'vegan' } },
    });
    expect((await organizer.ok('answers.get', { registrationId: registration.id })).version).toBe(
      1,
    );
  });
});

describe('questions per ticket type', () => {
  const addType = async (eventId: string, name: string, position: number) =>
    (await test.core.db.one<{ id: string }>(
      'insert into ticket_types (event_id, name, position) values ($1, $2, $3) returning id',
      [eventId, name, position],
    ))!.id;

  it('asks a question only of the types it is limited to', async () => {
    const event = await createEvent(organizer);
    const vip = await addType(event.id, 'VIP', 1);
    const table = await organizer.ok(
      'questions.create',
      questionInput(event.id, { label: 'VIP table', required: true, ticketTypeIds: [vip] }),
    );
    // The default type is not asked: registering without a type needs no answer.
    await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Standard Sam',
      email: 'sam@example.org',
    });
    const vipMissing = await organizer.call('registrations.register', {
      eventId: event.id,
      name: 'Vip Vera',
      email: 'vera@example.org',
      ticketTypeId: vip,
    });
    expect(vipMissing).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: { [`answers.${table.id}`]: 'This question is required' },
      },
    });
    const standardAnswering = await organizer.call('registrations.register', {
      eventId: event.id,
      name: 'Standard Stan',
      email: 'stan@example.org',
      answers: { [table.id]: 'T1' },
    });
    expect(standardAnswering).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: expect.stringContaining('not asked for this ticket type'),
      },
    });
    const { registration } = await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Vip Vera',
      email: 'vera@example.org',
      ticketTypeId: vip,
      answers: { [table.id]: 'T1' },
    });
    // Editing holds the registration's own type to the same rule.
    const cleared = await organizer.call('answers.save', {
      registrationId: registration.id,
      version: 0,
      answers: {},
    });
    expect(cleared).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('limits a question only to types the event sells', async () => {
    const event = await createEvent(organizer);
    const other = await createEvent(organizer);
    const foreign = await addType(other.id, 'VIP', 1);
    const result = await organizer.call(
      'questions.create',
      questionInput(event.id, { ticketTypeIds: [foreign] }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { ticketTypeIds: expect.any(String) } },
    });
  });
});
