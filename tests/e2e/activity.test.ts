import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin, staffCaller, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { dismissToasts, expectClean, goTo, signIn } from '../support/e2e-app';
import { createEvent } from '../support/events';

let e2e: E2e;
let admin: Caller;
let app: AppPage;

beforeAll(async () => {
  e2e = await startE2e('activity');
  admin = await setupAdmin(e2e.test);
  const organizer = await staffCaller(e2e.test, admin, 'organizer', 'olga@example.org');
  const event = await createEvent(organizer, { title: 'Harbour Walk', maxAttendees: 1 });
  await createEvent(organizer, { title: 'Quiet Reading' });
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
  await e2e.test.caller().call('auth.login', { email: 'olga@example.org', password: 'wrong' });
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('the activity log', () => {
  it('tells who did what, and when, newest first', async () => {
    const { page } = app;
    await goTo(page, 'Activity');
    const table = page.getByRole('table', { name: 'Activity' });
    await table.getByText('cancelled the registration of Rita Register').waitFor();
    await table.getByText('moved in from the waitlist: Walt Wait').waitFor();
    await table.getByText('Someone using olga@example.org').waitFor();
    const whats = await table.locator('tbody tr td:nth-child(3)').allInnerTexts();
    // The admin's own sign-in is the newest row.
    expect(whats[0]).toContain('signed in');
    await dismissToasts(page);
    await app.screenshot('activity');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('filters by event, person and action, and shows before and after', async () => {
    const { page } = app;
    const table = page.getByRole('table', { name: 'Activity' });
    await page.getByLabel('Event').selectOption({ label: 'Harbour Walk' });
    await table.getByText('created Harbour Walk').waitFor();
    expect(await table.getByText('Quiet Reading').count()).toBe(0);
    await page.getByLabel('Action').selectOption('registrations.cancel');
    await table.getByText('cancelled the registration of Rita Register').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    await table.getByRole('button', { name: 'Details' }).click();
    // The registration's status went from registered to cancelled.
    const change = table.locator('.changes > div').filter({ hasText: /^status/ });
    expect(await change.locator('del').textContent()).toBe('registered');
    expect(await change.locator('ins').textContent()).toBe('cancelled');
    await app.screenshot('activity-details');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Staff member').selectOption({ label: 'organizer person' });
    await table.getByText('created Quiet Reading').waitFor();
    // Rows by Olga, and rows about her account (an admin created it).
    await table.getByText('added the staff account of organizer person').waitFor();
    expect(await table.getByText('set up Usher').count()).toBe(0);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('shows a staff member’s sign-in history, failures included', async () => {
    const { page } = app;
    await goTo(page, 'Staff');
    await page.getByRole('button', { name: 'Sign-in history of organizer person' }).click();
    const history = page.getByRole('dialog', { name: 'Sign-in history' });
    await history.getByText('Someone using olga@example.org').waitFor();
    await history.getByText('failed to sign in').waitFor();
    // staffCaller signed in once when it was set up.
    expect(await history.getByText('signed in', { exact: true }).count()).toBe(1);
    await app.screenshot('sign-in-history');
    expect(await app.seriousA11yViolations()).toEqual([]);
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
  });

  it('logged no console errors, exceptions or network requests', () => {
    expect(app.problems).toEqual([]);
  });
});
