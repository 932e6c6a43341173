import { beforeAll, describe, expect, it } from 'vitest';
import { initTeam } from '../../electron/core/devices/team-init';
import { secretAccounts, writeSettings } from '../../electron/core/system/device-settings';
import { adminInput, setupAdmin } from '../support/core';
import { onCleanup } from '../support/cleanup';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { expectClean, goTo, signIn, toast } from '../support/e2e-app';
import { dropTeamRoles } from '../support/team';

// An admin on a desktop still using the owner's password: Settings says so; Staff → Desktops
// enrolls a door desktop and shows its code once; Join a team takes the code; Revoke cuts it off.

let e2e: E2e;
let app: AppPage;

beforeAll(async () => {
  const made = { database: '' };
  onCleanup(() => dropTeamRoles(made.database));
  e2e = await startE2e('devices', { mode: 'team' });
  made.database = e2e.test.database.name;
  const url = new URL(e2e.test.database.url);
  url.password = '';
  await writeSettings(e2e.device.settingsFile, {
    mode: 'team',
    databaseUrl: url.toString(),
    redisUrl: '',
    localPassword: 'keychain',
  });
  await setupAdmin(e2e.test);
  await initTeam(e2e.test.core.db);
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('desktops in team mode', () => {
  it('warns in Settings while this desktop uses the owner password', async () => {
    await goTo(app.page, 'Settings');
    await app.page.getByRole('alert').filter({ hasText: "owner's password" }).waitFor();
  });

  it('enrolls a desktop, joins with its code, and revokes it', async () => {
    const { page } = app;
    await goTo(page, 'Staff');
    await page.getByRole('button', { name: 'Enroll a desktop' }).click();
    await page.getByLabel('Desktop name').fill('Gate A');
    await page.getByLabel('Kind').selectOption('door');
    await page.getByRole('button', { name: 'Enroll', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Enrollment code for Gate A' });
    await dialog.getByRole('img', { name: /QR code/ }).waitFor();
    const code = await dialog.getByLabel('Enrollment code').inputValue();
    expect(code).toMatch(/^usher-join:/);
    await app.screenshot('devices-code');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'Gate A', exact: true }).waitFor();

    await goTo(page, 'Settings');
    const join = page.getByRole('form', { name: 'Join a team' });
    await join.getByLabel('Enrollment code').fill(code);
    await join.getByRole('button', { name: 'Join' }).click();
    await join.getByText('Joined as "Gate A"').waitFor();
    expect(await e2e.device.secrets.get(secretAccounts.teamDatabasePassword)).toEqual(
      expect.any(String),
    );
    // The same code a second time is refused, plainly.
    await join.getByLabel('Enrollment code').fill(code);
    await join.getByRole('button', { name: 'Join' }).click();
    await join.getByText(/already used/).waitFor();

    await goTo(page, 'Staff');
    await page.getByRole('button', { name: 'Revoke Gate A' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await toast(page, 'Gate A is cut off');
    await page.getByText(/^Revoked /).waitFor();
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });
});
