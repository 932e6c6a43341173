import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { secretAccounts } from '../../electron/core/system/device-settings';
import { silentLogger } from '../../electron/core/log';
import { openUnavailableCore } from '../../electron/core/unavailable';
import { adminInput } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e('settings');
});

const reason = 'Usher could not start: the database at db.example.org cannot be reached.';

describe('when the app cannot start', () => {
  let app: AppPage;

  beforeAll(async () => {
    // The router main falls back to when the core fails: everything but settings is UNAVAILABLE.
    const router = openUnavailableCore(e2e.device, reason, silentLogger);
    app = await e2e.open({ call: router.call });
  });

  it('says why and offers the settings', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Usher cannot start' }).waitFor();
    await page.getByRole('alert').filter({ hasText: reason }).waitFor();
    await app.screenshot('unavailable');
    expect(await app.seriousA11yViolations()).toEqual([]);
    await page.getByRole('button', { name: 'Open settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByText('Keychain ready. Secrets are saved in the system keychain.').waitFor();
  });

  it('checks team addresses with the contract schema, then saves and asks for a restart', async () => {
    const { page } = app;
    await page.getByRole('radio', { name: /Team server/ }).check();
    const address = page.getByLabel('PostgreSQL address');
    await address.fill('postgres://usher:secret@db.example.org:5432/usher');
    await page.getByLabel('PostgreSQL password').fill('s3cret-db-password');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Leave the password out of the address').waitFor();
    expect(await address.getAttribute('aria-invalid')).toBe('true');

    await address.fill('postgres://usher@db.example.org:5432/usher');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Restart required' }).waitFor();
    await page.getByText('Stored in the keychain. Leave empty to keep it').waitFor();
    expect(await page.getByLabel('PostgreSQL password').inputValue()).toBe('');
    await app.screenshot('settings-saved');
    expect(await app.seriousA11yViolations()).toEqual([]);

    const saved = JSON.parse(await readFile(e2e.device.settingsFile, 'utf8'));
    expect(saved).toEqual({
      mode: 'team',
      databaseUrl: 'postgres://usher@db.example.org:5432/usher',
      redisUrl: '',
    });
    expect(await e2e.device.secrets.get(secretAccounts.teamDatabasePassword)).toBe(
      's3cret-db-password',
    );
  });

  it('removes a stored password only when asked', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Will be removed from the keychain when you save.').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    const field = page.locator('.field').filter({ has: page.getByLabel('PostgreSQL password') });
    await field.getByText('Kept in the system keychain, never in a file.').waitFor();
    expect(await e2e.device.secrets.get(secretAccounts.teamDatabasePassword)).toBeNull();
    expect(app.problems).toEqual([]);
  });
});

describe('signed in', () => {
  it('shows the connection health next to the settings', async () => {
    await e2e.test.caller().ok('auth.setup', adminInput);
    const app = await e2e.open();
    const { page } = app;
    await page.getByLabel('Email').fill(adminInput.email);
    await page.getByLabel('Password').fill(adminInput.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click();
    const health = page.getByRole('region', { name: 'Connection' });
    await health.getByText('Team server').waitFor();
    const row = (label: string) => health.locator('.health-row').filter({ hasText: label });
    expect(await row('PostgreSQL').textContent()).toContain('Connected');
    expect(await row('Redis').textContent()).toContain('Not used');
    // Without Redis, changes reach this desktop's windows only.
    expect(await row('Live updates').textContent()).toContain('This computer only');
    await app.screenshot('settings');
    expect(await app.seriousA11yViolations()).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
