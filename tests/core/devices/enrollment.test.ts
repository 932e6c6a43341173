import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { decodeEnrollmentCode } from '../../../electron/core/devices/enrollment-code';
import { joinTeam } from '../../../electron/core/devices/join-team';
import { scramVerifier } from '../../../electron/core/devices/scram-verifier';
import { createMemorySecretStore } from '../../../electron/core/secrets';
import { serverUrl } from '../../support/postgres';
import { onCleanup } from '../../support/cleanup';
import { cacheVersionKey } from '../../../electron/core/cache/listing-cache';
import { joinedDesktop, startTeam, type Team } from './fixtures';

let team: Team;

beforeAll(async () => {
  team = await startTeam('enrollment');
});

/** The stored password verifier of a login, as the server keeps it (superuser only). */
async function passwordVerifier(login: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select rolpassword, rolvaliduntil from pg_authid where rolname = $1',
      [login],
    );
    return rows[0]?.rolpassword ?? null;
  } finally {
    await client.end();
  }
}

const noDevice = () => ({
  settingsFile: '/nonexistent/never-written.json',
  secrets: createMemorySecretStore(),
});

describe('enrollment codes', () => {
  it('carry PostgreSQL and Redis addresses with the device login, and join once', async () => {
    const { device, enrollment } = await team.enroll('Gate A', 'door');
    const parts = decodeEnrollmentCode(enrollment.code)!;
    expect(new URL(parts.databaseUrl).username).toBe(device.login);
    expect(new URL(parts.redisUrl).username).toBe(device.login);
    expect(device.login.startsWith(`${team.owner.database.name}_dev_`)).toBe(true);

    const before = await passwordVerifier(device.login);
    const desktop = await joinedDesktop('gate-a', enrollment.code);
    expect(desktop.kind).toBe('door');
    // The code's one-time password no longer opens the login: the desktop chose a new one, and
    // sent only its SCRAM verifier (the server stores exactly the verifier of the kept password).
    const after = (await passwordVerifier(device.login))!;
    expect(after).not.toBe(before);
    const salt = Buffer.from(after.split('$')[1]!.split(':')[1]!, 'base64');
    expect(scramVerifier(new URL(desktop.databaseUrl).password, salt)).toBe(after);
    expect(before).toMatch(/^SCRAM-SHA-256\$4096:/);
    // The Redis password was handed over on joining and works.
    const redis = new Redis(desktop.redisUrl, { maxRetriesPerRequest: 0 });
    onCleanup(() => redis.disconnect());
    expect(await redis.incr(cacheVersionKey(team.owner.core.redisKeyPrefix))).toBeGreaterThan(0);

    // A second use is refused by the database, whatever the desktop does.
    await expect(joinTeam(enrollment.code, noDevice())).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/already used/),
    });
    const [listed] = (await team.admin.ok('devices.list', {})).filter((d) => d.id === device.id);
    expect(listed!.joinedAt).not.toBeNull();
  });

  it('expire', async () => {
    const { enrollment } = await team.enroll('Late desk', 'organizer', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(joinTeam(enrollment.code, noDevice())).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/expired/),
    });
    // Even a client that ignores the expiry date is refused by the server.
    const client = new pg.Client({
      connectionString: decodeEnrollmentCode(enrollment.code)!.databaseUrl,
    });
    await client.connect();
    onCleanup(() => client.end().catch(() => undefined));
    await expect(client.query("select * from usher_device_join('x')")).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/expired/),
    });
  });

  it('refuse what is not a code, plainly', async () => {
    await expect(joinTeam('hello', noDevice())).rejects.toMatchObject({ code: 'VALIDATION' });
    const result = await team.owner.caller().call('devices.join', { code: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('are made by admins only', async () => {
    const result = await team.owner.caller().call('devices.add', { name: 'x', kind: 'door' });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const duplicate = await team.admin.call('devices.add', { name: 'Gate A', kind: 'door' });
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
