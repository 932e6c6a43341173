import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { dismissToasts, expectClean, signIn, toast } from '../support/e2e-app';
import { createEvent } from '../support/events';

// The organizer's day with ticket types: add a VIP type, register into it, fix a misspelled name,
// transfer a ticket, copy the event for next year. Each dialog as a person uses it.

let e2e: E2e;
let admin: Caller;
let app: AppPage;
let eventId: string;

const dialog = (name: string) => app.page.getByRole('dialog', { name });
const typesPanel = () => app.page.getByRole('region', { name: 'Ticket types' });

beforeAll(async () => {
  e2e = await startE2e('ticket_types');
  admin = await setupAdmin(e2e.test);
  eventId = (await createEvent(admin, { title: 'Two-Day Conf', maxAttendees: 20 })).id;
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
  await app.page.getByRole('button', { name: 'Two-Day Conf', exact: true }).click();
  await app.page.getByRole('heading', { name: 'Two-Day Conf', level: 1 }).waitFor();
});

describe('ticket types on the event screen', () => {
  it('adds a VIP type and registers someone into it', async () => {
    const { page } = app;
    await typesPanel().getByRole('button', { name: 'Add ticket type' }).click();
    const add = dialog('Add ticket type');
    await add.getByLabel('Name').fill('VIP');
    await add.getByLabel('Capacity').fill('5');
    await add.getByRole('button', { name: 'Save' }).click();
    await add.waitFor({ state: 'detached' });
    await typesPanel().getByRole('rowheader', { name: 'VIP' }).waitFor();

    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const form = dialog('Register attendee');
    await form.getByLabel('Name').fill('Vera Vipp');
    await form.getByLabel('Email').fill('vera@example.org');
    await form.getByLabel('Ticket type').selectOption({ label: 'VIP (0 of 5)' });
    await form.getByRole('button', { name: 'Register' }).click();
    await form.waitFor({ state: 'detached' });
    await toast(page, 'Vera Vipp is registered');
    await typesPanel()
      .getByRole('row')
      .filter({ hasText: 'VIP' })
      .getByRole('cell', { name: '1 of 5' })
      .waitFor();
    const stored = await e2e.test.core.db.one<{ name: string }>(
      `select t.name from event_registrations r join ticket_types t on t.id = r.ticket_type_id
        where r.attendee_email = 'vera@example.org'`,
    );
    expect(stored).toEqual({ name: 'VIP' });
    await dismissToasts(page);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('fixes a misspelled name, then transfers the ticket', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Show ticket of Vera Vipp' }).click();
    await dialog('Ticket').getByRole('button', { name: 'Edit' }).click();
    const edit = dialog('Edit registration');
    await edit.getByLabel('Name').fill('Vera Vip');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await toast(page, 'Vera Vip is updated');
    await page.getByRole('cell', { name: 'Vera Vip', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Show ticket of Vera Vip' }).click();
    await dialog('Ticket').getByRole('button', { name: 'Transfer' }).click();
    const transfer = dialog('Transfer ticket');
    await transfer.getByLabel('New holder’s name').fill('Tom Taker');
    await transfer.getByLabel('New holder’s email').fill('tom@example.org');
    await transfer.getByRole('button', { name: 'Transfer' }).click();
    await transfer.waitFor({ state: 'detached' });
    await toast(page, 'The ticket now belongs to Tom Taker');
    const rows = await e2e.test.core.db.many<{ name: string; status: string }>(
      `select attendee_name as name, status from event_registrations where event_id = $1
        order by created_at`,
      [eventId],
    );
    expect(rows).toEqual([
      { name: 'Vera Vip', status: 'transferred' },
      { name: 'Tom Taker', status: 'registered' },
    ]);
    await dismissToasts(page);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('copies the event with its types and without attendees', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Copy event' }).click();
    const copy = dialog('Copy event');
    await copy.getByLabel('Title').fill('Two-Day Conf 2028');
    await copy.getByRole('button', { name: 'Copy' }).click();
    await copy.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Two-Day Conf 2028', level: 1 }).waitFor();
    await typesPanel().getByRole('rowheader', { name: 'VIP' }).waitFor();
    await page
      .getByText('No one has registered yet. Register someone, or import a CSV file.')
      .waitFor();
  });
});
