import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '@shared/contract';
import type { DeviceContext } from '../../../electron/core/deps';
import { silentLogger } from '../../../electron/core/log';
import { createMemorySecretStore } from '../../../electron/core/secrets';
import { secretAccounts } from '../../../electron/core/system/device-settings';
import { openUnavailableCore } from '../../../electron/core/unavailable';
import { onCleanup } from '../../support/cleanup';
import { makeCaller } from '../../support/callers';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';

// Where this desktop connects, and with which passwords: whoever can change the address could
// otherwise hand the team's database password to a server of their own at the next start.

let test: TestCore;
let device: DeviceContext;
let admin: Caller;

const team = (
  overrides: Partial<ChannelInput<'settings.save'>> = {},
): ChannelInput<'settings.save'> => ({
  mode: 'team',
  databaseUrl: 'postgres://usher@db.team.example:5432/usher',
  redisUrl: 'redis://cache.team.example:6379',
  ...overrides,
});
const stored = (account: string) => device.secrets.get(account);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'usher-settings-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  device = { settingsFile: join(dir, 'settings.json'), secrets: createMemorySecretStore() };
  test = await startTestCore({ device }, 'settings');
});

describe('settings.save on a running core', () => {
  it('is open to anyone during first-run setup', async () => {
    const anyone = test.caller();
    expect((await anyone.ok('auth.session', {})).needsSetup).toBe(true);
    await anyone.ok('settings.save', { mode: 'local', databaseUrl: '', redisUrl: '' });
  });

  it('needs an admin once Usher is set up', async () => {
    admin = await setupAdmin(test);
    const organizer = await staffCaller(test, admin, 'organizer');
    const door = await staffCaller(test, admin, 'door');
    const input = team({ databasePassword: 'attacker' });
    expect(await test.caller().call('settings.save', input)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    for (const caller of [organizer, door]) {
      expect(await caller.call('settings.save', input)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(await stored(secretAccounts.teamDatabasePassword)).toBeNull();
    expect((await admin.ok('settings.get', {})).mode).toBe('local');
    await admin.ok('settings.save', team({ databasePassword: 'team-secret', redisPassword: 'r' }));
    expect(await stored(secretAccounts.teamDatabasePassword)).toBe('team-secret');
  });

  it('keeps a stored password for the same address only', async () => {
    await admin.ok('settings.save', team());
    expect(await stored(secretAccounts.teamDatabasePassword)).toBe('team-secret');
    expect(await stored(secretAccounts.teamRedisPassword)).toBe('r');
    // Another server (or port, or user) never receives the old password.
    await admin.ok('settings.save', team({ databaseUrl: 'postgres://usher@elsewhere:5432/usher' }));
    expect(await stored(secretAccounts.teamDatabasePassword)).toBeNull();
    expect(await stored(secretAccounts.teamRedisPassword)).toBe('r');
    await admin.ok('settings.save', team({ redisUrl: 'redis://elsewhere:6379' }));
    expect(await stored(secretAccounts.teamRedisPassword)).toBeNull();
  });

  it('refuses passwords inside addresses and addresses without a scheme, as VALIDATION', async () => {
    const before = await admin.ok('settings.get', {});
    const bad = [
      team({ databaseUrl: 'postgres://usher:secret@db:5432/usher' }),
      team({ databaseUrl: 'postgres://usher@db:5432/usher?password=secret' }),
      team({ redisUrl: 'redis://:secret@cache:6379' }),
      team({ redisUrl: 'redis://cache:6379/?password=secret' }),
      team({ databaseUrl: 'db.team.example/usher' }),
      team({ databaseUrl: 'localhost:5432' }),
      team({ databaseUrl: 'postgres:/nohost' }),
      team({ redisUrl: 'cache:6379' }),
      team({ databaseUrl: 'db\u0000.example' }),
    ];
    for (const input of bad) {
      const result = await admin.call('settings.save', input);
      expect(result, JSON.stringify(input)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    }
    expect(await admin.ok('settings.get', {})).toEqual(before);
  });
});

describe('settings.save when the core cannot start', () => {
  it('lets the person at the desktop fix the address, without the stored password', async () => {
    await admin.ok('settings.save', team({ databasePassword: 'team-secret' }));
    const fallback = openUnavailableCore(device, 'The team server cannot be reached', silentLogger);
    onCleanup(() => fallback.close());
    const anyone = makeCaller(fallback);
    await anyone.ok('settings.save', team());
    expect(await stored(secretAccounts.teamDatabasePassword)).toBe('team-secret');
    await anyone.ok('settings.save', team({ databaseUrl: 'postgres://usher@mine.example/usher' }));
    expect(await stored(secretAccounts.teamDatabasePassword)).toBeNull();
  });
});
