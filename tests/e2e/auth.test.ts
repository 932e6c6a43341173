import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';

let e2e: E2e;
let app: AppPage;

const heading = (name: string) => app.page.getByRole('heading', { name, level: 1 });
const signedIn = () => app.page.getByRole('navigation', { name: 'Main' }).waitFor();

beforeAll(async () => {
  e2e = await startE2e('auth');
  app = await e2e.open();
});

describe('first run, sign out and sign in, in the browser', () => {
  it('shows setup on a fresh database, with no serious accessibility findings', async () => {
    await heading('Welcome to Usher').waitFor();
    await app.screenshot('setup');
    expect(await app.seriousA11yViolations()).toEqual([]);
  });

  it('explains each wrong field next to it, from the contract schema, and focuses the first', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByText('Name is required').waitFor();
    await page.getByText('Enter a valid email address').waitFor();
    await page.getByText('Use at least 10 characters').waitFor();
    expect(await page.evaluate('document.activeElement?.labels?.[0]?.textContent')).toBe(
      'Full name',
    );
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Full name').fill(adminInput.fullName);
    await page.getByLabel('Email').fill(adminInput.email);
    await page.getByLabel('Password', { exact: true }).fill(adminInput.password);
    await page.getByLabel('Confirm password').fill('something else entirely');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByText('The two passwords do not match').waitFor();
    await app.screenshot('setup-errors');
    expect(await page.getByText('Name is required').count()).toBe(0);
    // Nothing was sent: the database still has no account.
    expect(await e2e.test.core.db.one('select 1 from users limit 1')).toBeFalsy();
  });

  it('creates the first admin and lands signed in', async () => {
    const { page } = app;
    await page.getByLabel('Confirm password').fill(adminInput.password);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await signedIn();
    const topBar = page.getByRole('banner').filter({ hasText: 'Sign out' });
    await topBar.getByText(adminInput.fullName).waitFor();
    await topBar.getByText('Admin', { exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Usher is ready' }).waitFor();
    expect(app.ctx.token).toEqual(expect.any(String));
    await app.screenshot('main');
    expect(await app.seriousA11yViolations()).toEqual([]);
  });

  it('signs out to the sign-in screen', async () => {
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
    expect(app.ctx.token).toBeNull();
  });

  it('shows the error for a wrong password, and stays signed out', async () => {
    const { page } = app;
    await page.getByLabel('Email').fill(adminInput.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'That email and password do not match.' }).waitFor();
    expect(app.ctx.token).toBeNull();
    await app.screenshot('sign-in-error');
    expect(await app.seriousA11yViolations()).toEqual([]);
  });

  it('signs in, keeping the session when asked', async () => {
    const { page } = app;
    await page.getByLabel('Password').fill(adminInput.password);
    await page.getByLabel('Keep me signed in').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedIn();
    const session = await e2e.test.core.db.one<{ n: number }>(
      'select count(*)::int as n from sessions where remember',
    );
    expect(session?.n).toBe(1);
  });

  it('follows the OS dark theme, with no serious accessibility findings', async () => {
    const dark = await e2e.open({ colorScheme: 'dark' });
    // A new window has its own session: it starts signed out.
    await dark.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const background = await dark.page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(15, 17, 21)');
    await dark.screenshot('sign-in-dark');
    expect(await dark.seriousA11yViolations()).toEqual([]);
    await dark.page.getByLabel('Email').fill(adminInput.email);
    await dark.page.getByLabel('Password').fill(adminInput.password);
    await dark.page.getByRole('button', { name: 'Sign in' }).click();
    await dark.page.getByRole('navigation', { name: 'Main' }).waitFor();
    await dark.screenshot('main-dark');
    expect(await dark.seriousA11yViolations()).toEqual([]);
    expect(dark.problems).toEqual([]);
  });

  it('logged no console errors, exceptions or network requests', () => {
    expect(app.problems).toEqual([]);
  });
});
