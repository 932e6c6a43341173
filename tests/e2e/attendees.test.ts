import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { dismissToasts, expectClean, signIn, toast } from '../support/e2e-app';
import { createEvent } from '../support/events';

let e2e: E2e;
let admin: Caller;
let app: AppPage;

const dialog = (name: string) => app.page.getByRole('dialog', { name });
const rowOf = (name: string) =>
  app.page.getByRole('row').filter({ has: app.page.getByRole('cell', { name, exact: true }) });
const stat = (id: string) => app.page.getByTestId(id);

async function openEvent(title: string) {
  await app.page.getByRole('button', { name: title, exact: true }).click();
  await app.page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

async function register(name: string, email: string, button = 'Register') {
  await app.page.getByRole('button', { name: 'Register', exact: true }).click();
  const form = dialog('Register attendee');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await form.getByRole('button', { name: button }).click();
  await form.waitFor({ state: 'detached' });
}

beforeAll(async () => {
  e2e = await startE2e('attendees');
  admin = await setupAdmin(e2e.test);
  await createEvent(admin, { title: 'Tiny Workshop', maxAttendees: 2 });
  await createEvent(admin, { title: 'Import Night', maxAttendees: 3 });
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('attendees of an event', () => {
  it('shows an empty event with its counters, charts and a way to add people', async () => {
    await openEvent('Tiny Workshop');
    await app.page
      .getByText('No one has registered yet. Register someone, or import a CSV file.')
      .waitFor();
    expect(await stat('registered-count').textContent()).toBe('0 / 2');
    await app.page.getByText('No registrations yet').waitFor();
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('registers until full, then puts people on the waitlist', async () => {
    const { page } = app;
    await register('Ann Attendee', 'ann@example.org');
    await toast(page, 'Ann Attendee is registered');
    await register('Ben Booker', 'ben@example.org');
    await stat('registered-count').filter({ hasText: '2 / 2' }).waitFor();
    await page.getByText('Full — new registrations join the waitlist').waitFor();

    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const form = dialog('Register attendee');
    await form.getByText('This event is full: new registrations join the waitlist.').waitFor();
    await form.getByLabel('Name').fill('Cleo Late');
    await form.getByLabel('Email').fill('ben@example.org');
    await form.getByRole('button', { name: 'Add to waitlist' }).click();
    // The app's own field message for a duplicate.
    await form.getByText('Already registered for this event', { exact: true }).waitFor();
    await form.getByLabel('Email').fill('cleo@example.org');
    await form.getByRole('button', { name: 'Add to waitlist' }).click();
    await toast(page, 'Cleo Late is on the waitlist');
    await stat('waitlisted-count').filter({ hasText: '1' }).waitFor();
    await rowOf('Cleo Late').getByText('Waitlisted #1').waitFor();
    await page.getByText(/3 registrations; the most, 3, on/).waitFor();
    await dismissToasts(page);
    await app.screenshot('event-detail');
    // The window itself never scrolls (it once did by 16 px, hiding the top bar's edge).
    expect(await app.page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('cancels a registration and shows the waitlist moving up', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Cancel registration of Ann Attendee' }).click();
    const confirm = dialog('Cancel registration?');
    await confirm.getByText('The first person on the waitlist gets it.').waitFor();
    await app.screenshot('cancel-confirm');
    // The window itself never scrolls (it once did by 16 px, hiding the top bar's edge).
    expect(await app.page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
    await confirm.getByRole('button', { name: 'Cancel registration' }).click();
    await toast(page, 'Cleo Late moved up from the waitlist and has the seat.');
    await rowOf('Cleo Late').getByText('Registered', { exact: true }).waitFor();
    await rowOf('Ann Attendee').getByText('Cancelled').waitFor();
    await stat('waitlisted-count').filter({ hasText: '0' }).waitFor();
    expect(await stat('registered-count').textContent()).toBe('2 / 2');
  });

  it('moves someone in from the waitlist when a seat is free', async () => {
    const { page } = app;
    await register('Dan Door', 'dan@example.org', 'Add to waitlist');
    const event = (await admin.ok('events.list', { search: 'Tiny Workshop' })).items[0]!;
    await admin.ok('events.update', { id: event.id, version: event.version, maxAttendees: 5 });
    // Raising the capacity already moved Dan in; a fresh waitlister is moved by hand.
    await rowOf('Dan Door').getByText('Registered', { exact: true }).waitFor();
    await admin.ok('events.update', {
      id: event.id,
      version: event.version + 1,
      maxAttendees: 3,
    });
    await register('Eve Extra', 'eve@example.org', 'Add to waitlist');
    const promote = page.getByRole('button', { name: 'Move in Eve Extra from the waitlist' });
    await promote.click();
    await toast(page, 'The event is full. Raise the capacity or cancel a registration first.');
    await page.getByRole('button', { name: 'Cancel registration of Ben Booker' }).click();
    await dialog('Cancel registration?')
      .getByRole('button', { name: 'Cancel registration' })
      .click();
    await rowOf('Eve Extra').getByText('Registered', { exact: true }).waitFor();
  });

  it('searches by name, email or ticket code, and filters by status', async () => {
    const { page } = app;
    await dismissToasts(page);
    const search = page.getByLabel('Search attendees');
    await search.fill('cleo');
    const shownRows = () => page.locator('.virtual-rows [role=row]').count();
    // The previous rows stay on screen until the search's own rows arrive.
    await expect.poll(shownRows).toBe(1);
    await rowOf('Cleo Late').waitFor();
    await search.fill('dan@example');
    await rowOf('Dan Door').waitFor();
    const ticket = await rowOf('Dan Door').getAttribute('data-ticket');
    await search.fill('nobody at all');
    await page.getByText('No attendees match.', { exact: false }).waitFor();
    // The whole ticket code, typed in any case, finds its holder.
    await search.fill(ticket!.toLowerCase());
    await rowOf('Dan Door').waitFor();
    await search.fill('');
    await page.getByRole('radio', { name: 'Cancelled' }).check();
    await expect.poll(shownRows).toBe(2);
    await rowOf('Ann Attendee').waitFor();
    await page.getByRole('radio', { name: 'All' }).check();
    await rowOf('Eve Extra').waitFor();
    await page.getByRole('region', { name: 'Attendees' }).scrollIntoViewIfNeeded();
    await app.screenshot('event-attendees');
  });

  it('shows a ticket’s QR code', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Show ticket of Cleo Late' }).click();
    const ticket = dialog('Ticket');
    const image = ticket.getByRole('img', { name: /^QR code of ticket [0-9A-Z]{26}$/ });
    await image.waitFor();
    expect(
      await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
    ).toBeGreaterThan(0);
    await app.screenshot('ticket');
    expect(await app.seriousA11yViolations()).toEqual([]);
    await page.keyboard.press('Escape');
    await ticket.waitFor({ state: 'detached' });
  });

  it('imports a CSV file and reports every line it could not take', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'All events' }).click();
    await openEvent('Import Night');
    await page.keyboard.press('Control+I');
    const form = dialog('Import attendees');
    const csv = [
      'name,email',
      'Gia Import,gia@example.org',
      ',nobody@example.org',
      'Hal Import,not-an-email',
      'Ivy Import,ivy@example.org',
      'Gia Again,gia@example.org',
      'only one column',
      'Jon Import,jon@example.org',
      'Kim Import,kim@example.org',
    ].join('\n');
    await form.locator('input[type=file]').setInputFiles({
      name: 'attendees.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    // The first lines, each header column with the target it was taken for.
    await form.getByRole('region', { name: 'First lines of the file' }).waitFor();
    expect(await form.getByLabel('Column “name” is').inputValue()).toBe('name');
    expect(await form.getByLabel('Column “email” is').inputValue()).toBe('email');
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await form.getByText('3 attendees registered, 1 waitlisted.').waitFor();
    await form.getByText('4 lines could not be imported:').waitFor();
    const report = form.getByRole('region', { name: 'Lines not imported' });
    const lines = await report.locator('tbody tr').allInnerTexts();
    expect(lines.map((line) => line.split('\t')[0])).toEqual(['3', '4', '6', '7']);
    await report.getByText('Name: Name is required').waitFor();
    await report.getByText('gia@example.org is already on line 2').waitFor();
    expect(
      await form
        .getByRole('progressbar', { name: 'Import finished' })
        .getAttribute('aria-valuenow'),
    ).toBe('100');
    await app.screenshot('import-report');
    expect(await app.seriousA11yViolations()).toEqual([]);
    await form.getByRole('button', { name: 'Done' }).click();
    await stat('registered-count').filter({ hasText: '3 / 3' }).waitFor();
    await rowOf('Kim Import').getByText('Waitlisted #1').waitFor();
  });

  it('imports the columns picked in the preview, in the file’s own layout', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'All events' }).click();
    await openEvent('Import Night');
    await page.keyboard.press('Control+I');
    const form = dialog('Import attendees');
    const csv = ['Notes;E-Mail address;Who', 'vip;lea@example.org;Lea Mapped'].join('\n');
    await form.locator('input[type=file]').setInputFiles({
      name: 'mapped.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv.replaceAll(';', ',')),
    });
    expect(await form.getByLabel('Column “E-Mail address” is').inputValue()).toBe('email');
    expect(await form.getByLabel('Column “Notes” is').inputValue()).toBe('');
    await form.getByLabel('Column “Who” is').selectOption('name');
    expect(await app.seriousA11yViolations()).toEqual([]);
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await form.getByText('0 attendees registered, 1 waitlisted.').waitFor();
    await form.getByRole('button', { name: 'Done' }).click();
    await rowOf('Lea Mapped').waitFor();
  });

  it('follows the OS dark theme on the event page, readably', async () => {
    const dark = await e2e.open({ colorScheme: 'dark' });
    await signIn(dark.page, adminInput.email, adminInput.password);
    await dark.page.getByRole('button', { name: 'Tiny Workshop', exact: true }).click();
    await dark.page.getByRole('heading', { name: 'Tiny Workshop', level: 1 }).waitFor();
    await dark.page.getByRole('cell', { name: 'Cleo Late', exact: true }).waitFor();
    await dismissToasts(dark.page);
    await dark.screenshot('event-detail-dark');
    expect(await expectClean(dark)).toEqual({ a11y: [], problems: [] });
  });

  it('logged no console errors, exceptions or network requests', () => {
    expect(app.problems).toEqual([]);
  });
});
