import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin } from '../support/core';
import { startE2e, type AppPage } from '../support/e2e';
import { signIn } from '../support/e2e-app';

let app: AppPage;

beforeAll(async () => {
  const e2e = await startE2e('menu');
  await setupAdmin(e2e.test);
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('native menu commands', () => {
  it('New Event on the events screen opens the new-event dialog', async () => {
    await app.page.getByText('No events yet').waitFor();
    await app.push('app.command', { command: 'newEvent' });
    const form = app.page.getByRole('dialog', { name: 'New event' });
    await form.waitFor();
    // A second one while the dialog is open is ignored, as the shortcut would be.
    await app.push('app.command', { command: 'newEvent' });
    expect(await app.page.getByRole('dialog', { name: 'New event' }).count()).toBe(1);
    expect(app.problems).toEqual([]);
  });
});
