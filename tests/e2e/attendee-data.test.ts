import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { expectClean, signIn, toast } from '../support/e2e-app';
import { createEvent } from '../support/events';

// Attendee data on screen: importing a file's ticket type and answer columns, filtering the
// attendees by type and by a choice answer, and the events list's counts per type.

let e2e: E2e;
let admin: Caller;
let app: AppPage;
// While set, the event's questions reach the import dialog only once it resolves.
let questionsHeld: Promise<void> | null = null;

const dialog = (name: string) => app.page.getByRole('dialog', { name });
const attendees = () => app.page.getByRole('region', { name: 'Attendees' });
const names = async () =>
  (await attendees().getByRole('row').allInnerTexts())
    .map((row) => row.split('\t')[0]!.split('\n')[0]!.trim())
    .filter((name) => / Data$/.test(name));

beforeAll(async () => {
  e2e = await startE2e('attendee_data');
  admin = await setupAdmin(e2e.test);
  const event = await createEvent(admin, { title: 'Data Conf', maxAttendees: 10 });
  await admin.ok('ticketTypes.create', { eventId: event.id, name: 'VIP', capacity: 1 });
  await admin.ok('questions.create', {
    eventId: event.id,
    key: 'diet',
    label: 'Diet',
    kind: 'singleChoice',
    required: false,
    choices: ['none', 'vegetarian'],
    min: null,
    max: null,
    earliest: null,
    latest: null,
    ticketTypeIds: null,
    doorVisible: true,
  });
  // An event whose VIP tickets come with a required question, for the edit dialog.
  const upgrade = await createEvent(admin, { title: 'Upgrade Night' });
  const vip = await admin.ok('ticketTypes.create', { eventId: upgrade.id, name: 'VIP' });
  await admin.ok('questions.create', {
    eventId: upgrade.id,
    label: 'VIP table',
    kind: 'singleChoice',
    required: true,
    choices: ['A', 'B'],
    min: null,
    max: null,
    earliest: null,
    latest: null,
    ticketTypeIds: [vip.id],
    doorVisible: false,
  });
  await admin.ok('registrations.register', {
    eventId: upgrade.id,
    name: 'Una Upgrade',
    email: 'una@example.org',
  });
  app = await e2e.open({
    call: async (channel, input, ctx) => {
      if (channel === 'questions.list') await questionsHeld;
      return e2e.test.core.call(channel, input, ctx);
    },
  });
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('attendee data', () => {
  it('imports the ticket type and answer columns the preview picked', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Data Conf', exact: true }).click();
    await page.getByRole('heading', { name: 'Data Conf', level: 1 }).waitFor();
    // The file is chosen before the event's questions have come: the column is guessed again
    // once they do (a slow answer once left "Diet" skipped).
    let release = () => {};
    questionsHeld = new Promise((resolve) => (release = resolve));
    await page.keyboard.press('Control+I');
    const form = dialog('Import attendees');
    const csv = [
      'Name,Email,Ticket,Diet',
      'Ada Data,ada@example.org,vip,Vegetarian',
      'Bo Data,bo@example.org,,none',
      'Cy Data,cy@example.org,VIP,vegetarian',
      'Di Data,di@example.org,Backstage,none',
    ].join('\n');
    await form.locator('input[type=file]').setInputFiles({
      name: 'from-another-tool.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    // Guessed from the headers: the type column, and the question whose label the header is.
    expect(await form.getByLabel('Column “Ticket” is').inputValue()).toBe('ticketType');
    expect(await form.getByLabel('Column “Diet” is').inputValue()).toBe('');
    release();
    questionsHeld = null;
    await expect.poll(() => form.getByLabel('Column “Diet” is').inputValue()).toBe('question:diet');
    expect(
      await form
        .getByLabel('Column “Diet” is')
        .locator('option', { hasText: 'Answer: Diet' })
        .count(),
    ).toBe(1);
    expect(await app.seriousA11yViolations()).toEqual([]);
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await form.getByText('2 attendees registered, 1 waitlisted.').waitFor();
    const report = form.getByRole('region', { name: 'Lines not imported' });
    await report.getByText(`Ticket type: "Backstage" is not one of this event's`).waitFor();
    await form.getByRole('button', { name: 'Done' }).click();
    const stored = await e2e.test.core.db.many<{ name: string; type: string; diet: unknown }>(
      `select r.attendee_name as name, t.name as type, a.value as diet
         from event_registrations r join ticket_types t on t.id = r.ticket_type_id
         left join registration_answers a on a.registration_id = r.id
        where r.attendee_name like '% Data' order by r.seq`,
    );
    expect(stored).toEqual([
      { name: 'Ada Data', type: 'VIP', diet: 'vegetarian' },
      { name: 'Bo Data', type: 'General admission', diet: 'none' },
      { name: 'Cy Data', type: 'VIP', diet: 'vegetarian' },
    ]);
  });

  it('filters the attendees by ticket type and by a choice answer', async () => {
    await attendees().getByRole('cell', { name: 'Cy Data', exact: true }).waitFor();
    expect(await names()).toEqual(['Ada Data', 'Bo Data', 'Cy Data']);
    await attendees().getByLabel('Ticket type', { exact: true }).selectOption({ label: 'VIP' });
    await attendees().getByRole('cell', { name: 'Bo Data', exact: true }).waitFor({
      state: 'detached',
    });
    expect(await names()).toEqual(['Ada Data', 'Cy Data']);
    await attendees()
      .getByLabel('Ticket type', { exact: true })
      .selectOption({ label: 'All ticket types' });
    await attendees().getByLabel('Answer', { exact: true }).selectOption({ label: 'Diet: none' });
    await attendees().getByRole('cell', { name: 'Ada Data', exact: true }).waitFor({
      state: 'detached',
    });
    expect(await names()).toEqual(['Bo Data']);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('shows registered / capacity / waitlisted per type on the events list', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'All events' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Data Conf' });
    await row
      .getByTestId('type-counts')
      .filter({ hasText: 'General admission 1 · VIP 1 / 1 (1 waiting)' })
      .waitFor();
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('asks the questions a new ticket type brings when editing a registration', async () => {
    const { page } = app;
    // The events list is on screen since the test before.
    await page.getByRole('button', { name: 'Upgrade Night', exact: true }).click();
    await page.getByRole('heading', { name: 'Upgrade Night', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Show ticket of Una Upgrade' }).click();
    await dialog('Ticket').getByRole('button', { name: 'Edit' }).click();
    const edit = dialog('Edit registration');
    expect(await edit.getByLabel('VIP table (required)').count()).toBe(0);
    await edit.getByLabel('Ticket type').selectOption({ label: 'VIP (0 registered)' });
    const table = edit.getByLabel('VIP table (required)');
    await table.waitFor();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText('This question is required').waitFor();
    expect(await app.seriousA11yViolations()).toEqual([]);
    await table.selectOption('B');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await toast(page, 'Una Upgrade is updated');
    const stored = await e2e.test.core.db.many<{ type: string; label: string; value: unknown }>(
      `select t.name as type, q.label, a.value from event_registrations r
         join ticket_types t on t.id = r.ticket_type_id
         join registration_answers a on a.registration_id = r.id
         join event_questions q on q.id = a.question_id
        where r.attendee_email = 'una@example.org'`,
    );
    expect(stored).toEqual([{ type: 'VIP', label: 'VIP table', value: 'B' }]);
  });
});
