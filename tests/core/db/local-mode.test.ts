import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchCore, settingsFileIn } from '../../../electron/core/launch';
import { silentLogger } from '../../../electron/core/log';
import { secretAccounts } from '../../../electron/core/system/device-settings';
import { createMemorySecretStore } from '../../../electron/core/secrets';
import { makeCaller, adminInput } from '../../support/callers';
import { createEvent } from '../../support/events';

// The default for a single user: the whole core on an embedded PostgreSQL in the data folder.
const dataDir = await mkdtemp(join(tmpdir(), 'usher-local-'));
// As root (CI), PostgreSQL runs as the "postgres" user, which must be able to enter the folder.
await chmod(dataDir, 0o711);
const secrets = createMemorySecretStore();
const device = { settingsFile: settingsFileIn(dataDir), secrets };
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('local mode', () => {
  it('starts on an embedded PostgreSQL, keeps the generated password in the keychain, and keeps data across restarts', async () => {
    const first = await launchCore({ dataDir, device, log: silentLogger });
    let eventId: string;
    try {
      expect(first.mode).toBe('local');
      const admin = makeCaller(first);
      await admin.ok('auth.setup', adminInput);
      eventId = (await createEvent(admin, { title: 'Local only' })).id;
      const health = await admin.ok('system.health', {});
      expect(health).toMatchObject({ mode: 'local', database: 'ok', redis: 'off', live: 'local' });
    } finally {
      await first.close();
    }
    const password = await secrets.get(secretAccounts.localDatabasePassword);
    expect(password).toEqual(expect.any(String));
    expect(password!.length).toBeGreaterThanOrEqual(32);
    // The password is nowhere in the data folder's own files (settings are not written in local mode).
    expect(await readdir(dataDir)).toEqual(['postgres']);

    const second = await launchCore({ dataDir, device, log: silentLogger });
    try {
      const admin = makeCaller(second);
      await admin.ok('auth.login', { email: adminInput.email, password: adminInput.password });
      expect((await admin.ok('events.get', { id: eventId })).title).toBe('Local only');
      expect(await secrets.get(secretAccounts.localDatabasePassword)).toBe(password);
    } finally {
      await second.close();
    }
  });

  it('delivers change topics in process when there is no Redis', async () => {
    const core = await launchCore({ dataDir, device, log: silentLogger });
    try {
      const admin = makeCaller(core);
      await admin.ok('auth.login', { email: adminInput.email, password: adminInput.password });
      const seen: unknown[] = [];
      const stop = core.subscribe(
        (topic, payload) => topic === 'events.changed' && seen.push(payload),
      );
      const event = await createEvent(admin);
      stop();
      expect(seen).toEqual([{ eventId: event.id }]);
    } finally {
      await core.close();
    }
  });

  it('lets the CLI share the server of an open app, and leaves it running', async () => {
    const app = await launchCore({ dataDir, device, log: silentLogger });
    try {
      const cli = await launchCore({
        dataDir,
        device,
        log: silentLogger,
        attachToRunningServer: true,
      });
      const viaCli = makeCaller(cli);
      await viaCli.ok('auth.login', { email: adminInput.email, password: adminInput.password });
      const event = await createEvent(viaCli, { title: 'Made from the CLI' });
      await cli.close();
      // The app's server is still up and sees the CLI's write.
      const viaApp = makeCaller(app);
      await viaApp.ok('auth.login', { email: adminInput.email, password: adminInput.password });
      expect((await viaApp.ok('events.get', { id: event.id })).title).toBe('Made from the CLI');
    } finally {
      await app.close();
    }
  });

  it('says plainly why it cannot start when the keychain lost the database password', async () => {
    const forgetful = { settingsFile: device.settingsFile, secrets: createMemorySecretStore() };
    await expect(launchCore({ dataDir, device: forgetful, log: silentLogger })).rejects.toThrow(
      /password of this computer's Usher database is missing from the system keychain/,
    );
  });
});
