import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin } from '../support/core';
import { startE2e, type AppPage } from '../support/e2e';
import { signIn } from '../support/e2e-app';
import { createEvent } from '../support/events';

// Native menu items arrive as `app.command` pushes and run what the shortcut would run, under
// the same rule: nothing happens behind an open dialog. Each case below changes what is on
// screen if that rule is missing, so each fails without it.

let app: AppPage;
const dialog = (name: string) => app.page.getByRole('dialog', { name });

beforeAll(async () => {
  const e2e = await startE2e('menu');
  const admin = await setupAdmin(e2e.test);
  await createEvent(admin, { title: 'Menu Night' });
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('native menu commands', () => {
  it('New Event on the events screen opens the new-event dialog', async () => {
    await app.page.getByRole('button', { name: 'Menu Night', exact: true }).waitFor();
    await app.push('app.command', { command: 'newEvent' });
    await dialog('New event').waitFor();
  });

  it('Settings is ignored while a dialog is open', async () => {
    await app.push('app.command', { command: 'openSettings' });
    // Let the renderer handle the push before looking.
    await app.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await dialog('New event').isVisible()).toBe(true);
    expect(await app.page.getByRole('heading', { name: 'Settings', level: 1 }).count()).toBe(0);
    await dialog('New event').getByRole('button', { name: 'Close' }).click();
    await dialog('New event').waitFor({ state: 'detached' });
  });

  it('Export is ignored while the import dialog is open on an event', async () => {
    await app.page.getByRole('button', { name: 'Menu Night', exact: true }).click();
    await app.page.getByRole('heading', { name: 'Menu Night', level: 1 }).waitFor();
    await app.push('app.command', { command: 'importAttendees' });
    await dialog('Import attendees').waitFor();
    await app.push('app.command', { command: 'exportAttendees' });
    await app.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await dialog('Import attendees').isVisible()).toBe(true);
    expect(await dialog('Export attendees').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });
});
