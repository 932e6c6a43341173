import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { DeviceKind } from '@shared/contract/devices';
import type { DeviceContext } from '../../electron/core/deps';
import { createMemorySecretStore } from '../../electron/core/secrets';
import { joinTeam } from '../../electron/core/devices/join-team';
import {
  readSettings,
  secretAccounts,
  withPassword,
} from '../../electron/core/system/device-settings';
import { onCleanup } from './cleanup';
import { redisUrl, serverUrl } from './postgres';

// Team mode fixtures shared by the devices tests and USHER_TEST_DESKTOPS runs.

export async function dropTeamRoles(database: string) {
  if (!database) return;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${database} with (force)`);
    const { rows } = await client.query<{ rolname: string }>(
      `select rolname from pg_roles where starts_with(rolname, $1) order by rolname like '%\\_dev\\_%' desc`,
      [`${database}_`],
    );
    for (const { rolname } of rows) await client.query(`drop role if exists "${rolname}"`);
  } finally {
    await client.end();
  }
  const redis = new Redis(redisUrl);
  try {
    const users = (await redis.call('ACL', 'USERS')) as string[];
    const ours = users.filter((user) => user.startsWith(`${database}_`));
    if (ours.length > 0) await redis.call('ACL', 'DELUSER', ...ours);
  } finally {
    redis.disconnect();
  }
}

export interface Desktop {
  device: DeviceContext;
  /** The addresses and passwords this desktop keeps after joining. */
  databaseUrl: string;
  redisUrl: string;
  kind: DeviceKind;
}

/** A desktop that joined with `code`, the way Settings → Join a team does it. */
export async function joinedDesktop(label: string, code: string): Promise<Desktop> {
  const dir = mkdtempSync(join(tmpdir(), `usher-${label}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const device: DeviceContext = {
    settingsFile: join(dir, 'settings.json'),
    secrets: createMemorySecretStore(),
    doorFile: join(dir, 'door.sqlite'),
  };
  const joined = await joinTeam(code, device);
  const settings = await readSettings(device.settingsFile);
  return {
    device,
    kind: joined.kind,
    databaseUrl: withPassword(
      settings.databaseUrl,
      await device.secrets.get(secretAccounts.teamDatabasePassword),
    ),
    redisUrl: settings.redisUrl
      ? withPassword(settings.redisUrl, await device.secrets.get(secretAccounts.teamRedisPassword))
      : '',
  };
}
