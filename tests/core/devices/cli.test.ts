import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeviceDto, EnrolledDevice } from '@shared/contract/devices';
import { redisUrl } from '../../support/postgres';
import { joinedDesktop, rawPg, startTeam, type Team } from './fixtures';

// `usher team init` and `usher devices`, as an admin runs them with the owner's connection.
const bin = join(__dirname, '../../../electron/cli/usher.cjs');
let team: Team;

beforeAll(async () => {
  if (!existsSync(join(__dirname, '../../../out/main/cli.js'))) {
    throw new Error('The CLI is not built: run `npm run build` (npm test builds first)');
  }
  team = await startTeam('devices_cli');
});

function usher(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: team.owner.database.url, REDIS_URL: redisUrl },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('usher team and usher devices', () => {
  it('init again is harmless, and migrate keeps the grants', async () => {
    expect(await usher(['team', 'init'])).toMatchObject({ code: 0 });
    expect(await usher(['migrate'])).toMatchObject({ code: 0 });
  });

  it('add prints a code a desktop joins with; list shows it; revoke cuts it off', async () => {
    const added = await usher(['devices', 'add', '--name', 'Gate A', '--role', 'door', '--json']);
    expect(added.code).toBe(0);
    const enrolled = JSON.parse(added.stdout) as EnrolledDevice;
    expect(enrolled.enrollment.databaseUrl).toMatch(/^postgres/);
    expect(enrolled.enrollment.redisUrl).toMatch(/^redis:\/\/[^:]+_dev_/);
    expect(enrolled.device).toMatchObject({ name: 'Gate A', kind: 'door', joinedAt: null });

    const desktop = await joinedDesktop('cli-gate', enrolled.enrollment.code);
    const psql = await rawPg(desktop.databaseUrl);
    await psql.query('select id from events');

    const listed = await usher(['devices', 'list', '--json']);
    const devices = JSON.parse(listed.stdout) as DeviceDto[];
    expect(devices.find((d) => d.id === enrolled.device.id)).toMatchObject({
      kind: 'door',
      joinedAt: expect.any(String),
      lastSeenAt: expect.any(String),
    });
    expect((await usher(['devices', 'list'])).stdout).toContain('Gate A');

    const revoked = await usher(['devices', 'revoke', enrolled.device.id]);
    expect(revoked).toMatchObject({ code: 0 });
    await expect(psql.query('select 1')).rejects.toThrow();
  });

  it('says how to use it when used wrongly', async () => {
    const wrong = await usher(['devices', 'add', '--name', 'X', '--role', 'guest']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--role must be one of/);
    expect((await usher(['team', 'destroy'])).code).toBe(2);
  });
});
