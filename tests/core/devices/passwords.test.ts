import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createCore, type Core } from '../../../electron/core';
import { startLocalPostgres } from '../../../electron/core/db/local-postgres';
import { enrollDevice, revokeDevice } from '../../../electron/core/devices/device-logins';
import { decodeEnrollmentCode } from '../../../electron/core/devices/enrollment-code';
import { initTeam } from '../../../electron/core/devices/team-init';
import { silentLogger } from '../../../electron/core/log';
import { onCleanup } from '../../support/cleanup';
import { joinedDesktop } from '../../support/team';

// The machine's PostgreSQL trusts every local login, so passwords are moot there. These run on a
// private server of their own with scram-sha-256, as production servers must be configured.

let owner: Core;
let url: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'usher-scram-'));
  // As root the server runs as the "postgres" user, which must be able to enter the folder.
  await chmod(dir, 0o755);
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  const server = await startLocalPostgres({
    dataDir: join(dir, 'postgres'),
    password: 'owner-password-for-this-test',
  });
  onCleanup(() => server.stop());
  url = server.url;
  owner = await createCore({ databaseUrl: url, mode: 'team', log: silentLogger });
  onCleanup(() => owner.close());
  await initTeam(owner.db);
});

const enroll = (name: string, codeLifetimeMs?: number) =>
  enrollDevice(owner.db, {
    name,
    kind: 'door',
    databaseUrl: url,
    redisUrl: null,
    redisAdmin: null,
    redisKeyPrefix: 'unused:',
    codeLifetimeMs,
  });

/** Connects and disconnects; rejects with the server's refusal. */
async function login(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.end();
}

describe('device passwords on a scram-sha-256 server', () => {
  it("work once as a code's, then only as the desktop's own", async () => {
    const { enrollment } = await enroll('Gate A');
    const codeUrl = decodeEnrollmentCode(enrollment.code)!.databaseUrl;
    await expect(login(codeUrl)).resolves.toBeUndefined();
    const desktop = await joinedDesktop('scram-gate', enrollment.code);
    await expect(login(desktop.databaseUrl)).resolves.toBeUndefined();
    // The code's password is dead: a copy of the code taken before it was used is worthless.
    await expect(login(codeUrl)).rejects.toMatchObject({ code: '28P01' });
  });

  it('expire with the code, enforced by the server', async () => {
    const { enrollment } = await enroll('Gate B', 1_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await expect(login(decodeEnrollmentCode(enrollment.code)!.databaseUrl)).rejects.toMatchObject({
      code: '28P01',
    });
  });

  it('stop working when the desktop is revoked', async () => {
    const { device, enrollment } = await enroll('Gate C');
    const desktop = await joinedDesktop('scram-gate-c', enrollment.code);
    await revokeDevice(owner.db, device.id, null);
    await expect(login(desktop.databaseUrl)).rejects.toMatchObject({
      code: expect.stringMatching(/^28/),
    });
  });
});
