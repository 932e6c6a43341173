import { chmod, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchCore, LocalPasswordError, settingsFileIn } from '../../../electron/core/launch';
import { silentLogger } from '../../../electron/core/log';
import { createKeychainStore, createSessionFallbackStore } from '../../../electron/core/secrets';
import { adminInput, makeCaller } from '../../support/callers';
import { onCleanup } from '../../support/cleanup';
import { createEvent } from '../../support/events';

// A desktop session with no Secret Service (no D-Bus here): the app's own keychain store, as
// main builds it, can keep nothing beyond this process.
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/usher-no-bus';
const secrets = createSessionFallbackStore(createKeychainStore('Usher-no-keychain-test'));

const dataDir = await mkdtemp(join(tmpdir(), 'usher-nokeychain-'));
await chmod(dataDir, 0o711); // as root the server runs as "postgres", which must enter it
onCleanup(() => rm(dataDir, { recursive: true, force: true }));
const device = { settingsFile: settingsFileIn(dataDir), secrets };
const launch = (localPassword?: string) =>
  launchCore({ dataDir, device, log: silentLogger, localPassword });

async function filesHolding(secret: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dataDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path).catch(() => Buffer.alloc(0))).includes(secret)) found.push(path);
  }
  return found;
}

describe('local mode without a lasting keychain', () => {
  const chosen = 'a password I chose and will type';

  it('says so before creating anything', async () => {
    expect((await secrets.status()).state).not.toBe('available');
    const failure = await launch().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LocalPasswordError);
    expect((failure as LocalPasswordError).kind).toBe('needed');
    expect((failure as Error).message).toMatch(/system keychain/);
    expect((failure as Error).message).toMatch(/Nothing has been created yet/);
    expect((failure as Error).message).toMatch(/type each time Usher starts/);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('creates the database with a password the person chose, saved nowhere', async () => {
    const core = await launch(chosen);
    try {
      const admin = makeCaller(core);
      await admin.ok('auth.setup', adminInput);
      await createEvent(admin, { title: 'Kept with a typed password' });
    } finally {
      await core.close();
    }
    expect(JSON.parse(await readFile(device.settingsFile, 'utf8'))).toMatchObject({
      localPassword: 'typed',
    });
    expect(await filesHolding(chosen)).toEqual([]);
  });

  it('asks for it at the next start, refuses a wrong one, and opens the data with it', async () => {
    await expect(launch()).rejects.toMatchObject({ kind: 'needed' });
    await expect(launch('not the password I chose')).rejects.toMatchObject({
      kind: 'wrong',
      message: 'That is not the password of this database.',
    });
    const core = await launch(chosen);
    try {
      const admin = makeCaller(core);
      await admin.ok('auth.login', { email: adminInput.email, password: adminInput.password });
      const listed = await admin.ok('events.list', {});
      expect(listed.items.map((event) => event.title)).toContain('Kept with a typed password');
    } finally {
      await core.close();
    }
  });
});
