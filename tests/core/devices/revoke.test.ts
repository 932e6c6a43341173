import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createCore } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';
import { onCleanup } from '../../support/cleanup';
import { rawPg, startDesktop, startTeam, type Team } from './fixtures';

let team: Team;

beforeAll(async () => {
  team = await startTeam('revoke');
});

const until = async (check: () => Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not within time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('revoking a desktop', () => {
  it('ends its PostgreSQL and Redis connections and logins within seconds', async () => {
    const { enrolled, desktop, core } = await startDesktop(team, 'door', 'Lost laptop');
    const psql = await rawPg(desktop.databaseUrl);
    await psql.query('select 1');
    const redis = new Redis(desktop.redisUrl, {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    onCleanup(() => redis.disconnect());
    await redis.ping();
    expect(await core.call('devices.status', {}, { token: null })).toMatchObject({
      ok: true,
      value: { kind: 'door', deviceName: 'Lost laptop', warning: null },
    });

    const started = Date.now();
    const revoked = await team.admin.ok('devices.revoke', { id: enrolled.device.id });
    expect(revoked.revokedAt).not.toBeNull();

    // The open psql session is ended by the server...
    await expect(psql.query('select 1')).rejects.toThrow();
    // ...and the login is gone: a new connection is refused.
    const again = new pg.Client({ connectionString: desktop.databaseUrl });
    await expect(again.connect()).rejects.toMatchObject({ code: expect.stringMatching(/^28/) });
    // Redis closed its connection and forgot the user.
    await until(async () => redis.status === 'end' || redis.status === 'close');
    const refusals: string[] = [];
    const fresh = new Redis(desktop.redisUrl, {
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    fresh.on('error', (error: Error) => refusals.push(error.message));
    onCleanup(() => fresh.disconnect());
    await fresh.connect().catch(() => undefined);
    expect(refusals.join('\n')).toMatch(/WRONGPASS/);
    expect(Date.now() - started).toBeLessThan(5_000);

    // The desktop says plainly that it was removed: on its next call, in Settings, on restart.
    const next = await core.call('auth.session', {}, { token: null });
    expect(next).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/removed this desktop/) },
    });
    const status = await core.call('devices.status', {}, { token: null });
    expect(status).toMatchObject({
      ok: true,
      value: { warning: expect.stringMatching(/removed/) },
    });
    await expect(
      createCore({ databaseUrl: desktop.databaseUrl, mode: 'team', log: silentLogger }),
    ).rejects.toThrow(/removed this desktop from/);

    const listed = (await team.admin.ok('devices.list', {})).find((d) => d.id === revoked.id);
    expect(listed?.revokedAt).toBe(revoked.revokedAt);
  });

  it('is for admins only, and a door or organizer desktop cannot do it', async () => {
    const { enrolled } = await startDesktop(team, 'door', 'Gate C');
    const { desktop } = await startDesktop(team, 'organizer', 'Office');
    const office = await rawPg(desktop.databaseUrl);
    await expect(
      office.query('select usher_device_revoke($1)', [enrolled.device.id]),
    ).rejects.toMatchObject({ code: '42501' });
    const missing = await team.admin.call('devices.revoke', {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
