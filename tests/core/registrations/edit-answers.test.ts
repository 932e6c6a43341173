import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';
import { exportFolder, readCsv } from '../exports/fixtures';
import { questionInput } from '../questions/fixtures';

// Changing a registration's ticket type re-checks its answers for the new type; answers to
// questions the new type is not asked are kept, but count for nothing while it holds that type.

let test: TestCore;
let admin: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'registration_edit_answers');
  admin = await setupAdmin(test);
});

/** Standard (the default) and VIP; "Diet" asked of everyone, "VIP table" (required) of VIP. */
async function conference() {
  const event = await createEvent(admin, { maxAttendees: null });
  const [standard] = await admin.ok('ticketTypes.list', { eventId: event.id });
  const vip = await admin.ok('ticketTypes.create', { eventId: event.id, name: 'VIP' });
  const diet = await admin.ok(
    'questions.create',
    questionInput(event.id, {
      label: 'Diet',
      kind: 'singleChoice',
      choices: ['none', 'vegetarian'],
    }),
  );
  const table = await admin.ok(
    'questions.create',
    questionInput(event.id, {
      label: 'VIP table',
      kind: 'singleChoice',
      choices: ['A', 'B'],
      required: true,
      ticketTypeIds: [vip.id],
      doorVisible: true,
    }),
  );
  return { event, standard: standard!, vip, diet, table };
}

const state = (id: string) =>
  test.core.db.one<{ type: string; version: number; audits: number }>(
    `select t.name as type, r.version,
            (select count(*)::int from audit_log a where a.entity_id = r.id::text
              and a.action in ('registrations.edit', 'answers.save')) as audits
       from event_registrations r join ticket_types t on t.id = r.ticket_type_id where r.id = $1`,
    [id],
  );

describe('editing the ticket type re-checks the answers', () => {
  it('refuses a type whose required question is unanswered, naming it, and writes nothing', async () => {
    const { event, vip, diet, table } = await conference();
    const { registration } = await admin.ok('registrations.register', {
      eventId: event.id,
      name: 'Sam Standard',
      email: 'sam@example.org',
      answers: { [diet.id]: 'vegetarian' },
    });
    const before = await state(registration.id);
    const refused = await admin.call('registrations.edit', {
      id: registration.id,
      version: registration.version,
      ticketTypeId: vip.id,
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'VIP table: this question is required for the new ticket type; answer it with the change',
        fields: { [`answers.${table.id}`]: 'This question is required' },
      },
    });
    expect(await state(registration.id)).toEqual(before);
    // A wrong answer supplied with the change is refused the same way.
    expect(
      await admin.call('registrations.edit', {
        id: registration.id,
        version: registration.version,
        ticketTypeId: vip.id,
        answers: { [diet.id]: 'vegetarian', [table.id]: 'Z' },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'VIP table: Choose one of the options' },
    });
    expect(await state(registration.id)).toEqual(before);
  });

  it('changes the type when the edit answers the new question, in one audited change', async () => {
    const { event, vip, diet, table } = await conference();
    const { registration } = await admin.ok('registrations.register', {
      eventId: event.id,
      name: 'Vic Upgrade',
      email: 'vic@example.org',
      answers: { [diet.id]: 'none' },
    });
    const { registration: edited } = await admin.ok('registrations.edit', {
      id: registration.id,
      version: registration.version,
      ticketTypeId: vip.id,
      answers: { [diet.id]: 'vegetarian', [table.id]: 'B' },
    });
    expect(edited.ticketTypeId).toBe(vip.id);
    expect(await admin.ok('answers.get', { registrationId: registration.id })).toMatchObject({
      answers: { [diet.id]: 'vegetarian', [table.id]: 'B' },
    });
    expect(await state(registration.id)).toMatchObject({ type: 'VIP', audits: 2 });
  });

  it('keeps answers to questions the new type is not asked, hidden until it changes back', async () => {
    const { event, standard, vip, diet, table } = await conference();
    const { registration } = await admin.ok('registrations.register', {
      eventId: event.id,
      name: 'Val Downgrade',
      email: 'val@example.org',
      ticketTypeId: vip.id,
      answers: { [diet.id]: 'vegetarian', [table.id]: 'A' },
    });
    await admin.ok('registrations.edit', {
      id: registration.id,
      version: registration.version,
      ticketTypeId: standard.id,
    });
    // Not shown, exported or filtered on while the registration is Standard...
    expect((await admin.ok('answers.get', { registrationId: registration.id })).answers).toEqual({
      [diet.id]: 'vegetarian',
    });
    const tableFilter = [{ questionId: table.id, choices: ['A'] }];
    const filtered = () =>
      admin.ok('registrations.list', { eventId: event.id, answers: tableFilter });
    expect((await filtered()).total).toBe(0);
    const folder = await exportFolder();
    const exported = async () => {
      const path = join(folder.dir, `${randomUUID()}.csv`);
      await admin.ok('exports.attendees', {
        exportId: randomUUID(),
        eventId: event.id,
        format: 'csv',
        path,
        columns: ['name', 'ticketType'],
        answerColumns: [diet.id, table.id],
      });
      return (await readCsv(path))[1];
    };
    expect(await exported()).toEqual(['Val Downgrade', 'General admission', 'vegetarian', '']);
    // The door no longer shows the VIP table (a door-visible question) beside the verdict.
    const atDoor = async () =>
      (await admin.ok('door.snapshot', { eventId: event.id })).attendees.find(
        (attendee) => attendee.id === registration.id,
      )?.doorAnswers;
    expect(await atDoor()).toEqual([]);
    // ...and saving Standard's answers leaves the VIP one in place.
    const held = await admin.ok('answers.get', { registrationId: registration.id });
    await admin.ok('answers.save', {
      registrationId: registration.id,
      version: held.version,
      answers: { [diet.id]: 'none' },
    });
    // Back to VIP with no answers given: the kept answer satisfies the required question.
    await admin.ok('registrations.edit', {
      id: registration.id,
      version: (await admin.ok('registrations.get', { id: registration.id })).version,
      ticketTypeId: vip.id,
    });
    expect((await admin.ok('answers.get', { registrationId: registration.id })).answers).toEqual({
      [diet.id]: 'none',
      [table.id]: 'A',
    });
    expect((await filtered()).total).toBe(1);
    expect(await exported()).toEqual(['Val Downgrade', 'VIP', 'none', 'A']);
    expect(await atDoor()).toEqual([{ label: 'VIP table', kind: 'singleChoice', value: 'A' }]);
  });
});
