import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';

let e2e: E2e;
let admin: Caller;
let app: AppPage;

async function signIn(page: AppPage['page'], email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

const navItems = (target: AppPage) =>
  target.page.getByRole('navigation', { name: 'Main' }).getByRole('button').allTextContents();

beforeAll(async () => {
  e2e = await startE2e('shell');
  admin = e2e.test.caller();
  await admin.ok('auth.setup', adminInput);
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('the signed-in layout', () => {
  it('shows live status from the health check, then follows live.status pushes', async () => {
    const status = (text: string) =>
      app.page
        .getByRole('banner')
        .getByRole('status')
        .filter({ hasText: new RegExp(`^${text}$`) });
    // This core has no Redis: it is online, with changes shared in this process only.
    await status('Online').waitFor();
    await app.push('live.status', { state: 'live' });
    await status('Live').waitFor();
    await app.push('live.status', { state: 'paused' });
    await status('Live updates paused').waitFor();
  });

  it('gives admins every screen, and marks the one that is open', async () => {
    expect(await navItems(app)).toEqual([
      'Events',
      'Door',
      'Staff',
      'Activity',
      'Mail',
      'Settings',
    ]);
    const nav = app.page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Events', 'Door', 'Activity']) {
      await nav.getByRole('button', { name }).click();
      await app.page.getByRole('heading', { name, level: 1 }).waitFor();
      expect(await nav.getByRole('button', { name }).getAttribute('aria-current')).toBe('page');
    }
  });

  it('lets admins add staff, change roles and disable accounts', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Staff' })
      .click();
    await page.getByRole('cell', { name: adminInput.email }).waitFor();
    await page.getByRole('button', { name: 'Add staff' }).click();
    const form = page.getByRole('form', { name: 'New staff account' });
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByText('Name is required').waitFor();

    await form.getByLabel('Full name').fill('Dora Door');
    await form.getByLabel('Email').fill('dora@example.org');
    await form.getByLabel('Role').selectOption('door');
    await form.getByLabel('First password').fill('a long enough password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('cell', { name: 'dora@example.org' }).waitFor();
    await form.waitFor({ state: 'detached' });

    await page.getByLabel('Role of Dora Door').selectOption('organizer');
    await page.getByRole('status').filter({ hasText: 'Dora Door is now organizer' }).waitFor();
    await page.getByRole('button', { name: 'Disable Dora Door' }).click();
    await page.getByRole('button', { name: 'Enable Dora Door' }).waitFor();
    const row = await e2e.test.core.db.one<{ role: string; disabled: boolean }>(
      "select role, disabled from users where email = 'dora@example.org'",
    );
    expect(row).toEqual({ role: 'organizer', disabled: true });
    await app.screenshot('staff');
    expect(await app.seriousA11yViolations()).toEqual([]);
  });

  it('refuses an admin removing their own admin access, with the reason', async () => {
    expect(await app.page.getByLabel(`Role of ${adminInput.fullName}`).isDisabled()).toBe(true);
    expect(
      await app.page.getByRole('button', { name: `Disable ${adminInput.fullName}` }).count(),
    ).toBe(0);
  });

  it('shows door staff only their screens, and signs them out when their session ends', async () => {
    const password = 'another long password';
    await admin.ok('users.create', {
      email: 'doug@example.org',
      fullName: 'Doug Door',
      role: 'door',
      password,
    });
    const door = await e2e.open();
    await signIn(door.page, 'doug@example.org', password);
    expect(await navItems(door)).toEqual(['Events', 'Door', 'Settings']);
    await door.page.getByRole('banner').getByText('Door supervisor').waitFor();

    const [doug] = await admin.ok('users.list', { search: 'doug@example.org' });
    await admin.ok('users.update', { id: doug!.id, disabled: true });
    await door.page.getByRole('button', { name: 'Settings' }).click();
    await door.page.getByRole('button', { name: 'Check again' }).click();
    await door.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await door.page.getByRole('status').filter({ hasText: 'Your session ended' }).waitFor();
    expect(door.problems).toEqual([]);
  });

  it('logged no console errors, exceptions or network requests', () => {
    expect(app.problems).toEqual([]);
  });
});
