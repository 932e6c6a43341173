import pg from 'pg';
import { Redis } from 'ioredis';
import type { DeviceKind, EnrolledDevice } from '@shared/contract/devices';
import { createCore, type Core } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';
import { enrollDevice } from '../../../electron/core/devices/device-logins';
import { initTeam } from '../../../electron/core/devices/team-init';
import {
  makeCaller,
  setupAdmin,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { onCleanup } from '../../support/cleanup';
import { redisUrl, testRedisPrefix } from '../../support/postgres';
import { dropTeamRoles, joinedDesktop, type Desktop } from '../../support/team';

export { dropTeamRoles, joinedDesktop, type Desktop };

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
        // The core's own prefix (with its database's id), as the app's devices handlers pass it.
        redisKeyPrefix: owner.core.redisKeyPrefix,
        codeLifetimeMs,
        log: silentLogger,
      }),
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
