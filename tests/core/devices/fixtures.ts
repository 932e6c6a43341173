import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { DeviceKind, EnrolledDevice } from '@shared/contract/devices';
import { createCore, type Core } from '../../../electron/core';
import type { DeviceContext } from '../../../electron/core/deps';
import { silentLogger } from '../../../electron/core/log';
import { createMemorySecretStore } from '../../../electron/core/secrets';
import { enrollDevice } from '../../../electron/core/devices/device-logins';
import { initTeam } from '../../../electron/core/devices/team-init';
import { joinTeam } from '../../../electron/core/devices/join-team';
import {
  readSettings,
  secretAccounts,
  withPassword,
} from '../../../electron/core/system/device-settings';
import {
  makeCaller,
  setupAdmin,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { onCleanup } from '../../support/cleanup';
import { redisUrl, serverUrl, testRedisPrefix } from '../../support/postgres';

export interface Team {
  /** The owner's core: what `usher migrate` and `usher team init` use. */
  owner: TestCore;
  /** Signed in as the first admin, on the owner's core. */
  admin: Caller;
  redisKeyPrefix: string;
  /** A Redis connection with the server's default (all-powerful) user. */
  redisAdmin: Redis;
  enroll(name: string, kind: DeviceKind, codeLifetimeMs?: number): Promise<EnrolledDevice>;
}

/**
 * A team database: migrated and initialised with the owner's connection. Every role and Redis
 * user made for it carries the database's name and is dropped after the file's tests.
 */
export async function startTeam(label: string): Promise<Team> {
  const made = { database: '' };
  // Registered first, so it runs last: after the cores close and the database is dropped (a role
  // with rights in a database cannot be dropped before it).
  onCleanup(() => dropTeamRoles(made.database));
  const redisKeyPrefix = testRedisPrefix(label);
  const owner = await startTestCore({ redisUrl, redisKeyPrefix, mode: 'team' }, label);
  made.database = owner.database.name;
  const admin = await setupAdmin(owner);
  await initTeam(owner.core.db);
  const redisAdmin = new Redis(redisUrl);
  onCleanup(() => redisAdmin.disconnect());
  return {
    owner,
    admin,
    redisKeyPrefix,
    redisAdmin,
    enroll: (name, kind, codeLifetimeMs) =>
      enrollDevice(owner.core.db, {
        name,
        kind,
        databaseUrl: owner.database.url,
        redisUrl,
        redisAdmin,
        redisKeyPrefix,
        codeLifetimeMs,
      }),
  };
}

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

/** The app's core on a joined desktop's own login. */
export async function desktopCore(team: Team, desktop: Desktop): Promise<Core> {
  const core = await createCore({
    databaseUrl: desktop.databaseUrl,
    redisUrl: desktop.redisUrl,
    redisKeyPrefix: team.redisKeyPrefix,
    mode: 'team',
    device: desktop.device,
    log: silentLogger,
  });
  onCleanup(() => core.close());
  return core;
}

/** Enrolls, joins and starts a desktop of `kind`. */
export async function startDesktop(team: Team, kind: DeviceKind, name = `${kind} desk`) {
  const enrolled = await team.enroll(name, kind);
  const desktop = await joinedDesktop(kind, enrolled.enrollment.code);
  const core = await desktopCore(team, desktop);
  return {
    enrolled,
    desktop,
    core,
    caller: (token: string | null = null) => makeCaller(core, token),
  };
}

/** A plain pg client on a desktop's own login: what a thief with psql would have. */
export async function rawPg(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  onCleanup(() => client.end().catch(() => undefined));
  return client;
}

export { setupAdmin };
