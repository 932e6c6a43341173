import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { expectClean, goTo, signIn } from '../support/e2e-app';

// No change topic announces staff accounts, so the Staff screen asks again whenever its window
// comes back to the front: another admin's new account shows up without reopening the screen.

let e2e: E2e;
let admin: Caller;
let app: AppPage;

beforeAll(async () => {
  e2e = await startE2e('renderer_staff');
  admin = await setupAdmin(e2e.test);
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('the staff list', () => {
  it('follows another admin’s changes when the window comes back to the front', async () => {
    const { page } = app;
    await goTo(page, 'Staff');
    await page.getByRole('cell', { name: adminInput.email }).waitFor();

    await admin.ok('users.create', {
      email: 'wendy@example.org',
      fullName: 'Wendy Walkin',
      role: 'door',
      password: 'a long enough password',
    });
    // Still the list as it was: nothing told this window.
    expect(await page.getByRole('cell', { name: 'wendy@example.org' }).count()).toBe(0);

    // As when the person switches back to Usher from another app.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.getByRole('cell', { name: 'wendy@example.org' }).waitFor();

    const [wendy] = await admin.ok('users.list', { search: 'wendy@example.org' });
    await admin.ok('users.update', { id: wendy!.id, disabled: true });
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.getByRole('button', { name: 'Enable Wendy Walkin' }).waitFor();
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });
});
