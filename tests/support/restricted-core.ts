import type { DeviceKind } from '@shared/contract/devices';
import type { Role } from '@shared/domain';
import { createCore, type Core, type CoreConfig } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { enrollDevice } from '../../electron/core/devices/device-logins';
import { initTeam } from '../../electron/core/devices/team-init';
import { Redis } from 'ioredis';
import { createTestDatabase } from './postgres';
import { makeCaller } from './callers';
import { onCleanup } from './cleanup';
import type { TestCore } from './core';
import { dropTeamRoles, joinedDesktop } from './team';

/**
 * USHER_TEST_DESKTOPS=1: every suite's core runs on an enrolled desktop's own restricted login
 * (team mode with row-level security on) instead of the owner's. The test's own calls go
 * through an admin desktop; staffCaller signs door staff in on a door desktop and organizers on
 * an organizer desktop, as a team would. The owner's connection only migrates and enrolls.
 */
export const restrictedLogins = process.env.USHER_TEST_DESKTOPS === '1';

export async function startRestrictedTestCore(
  config: Partial<CoreConfig>,
  label: string,
): Promise<TestCore & { callerFor(role: Role): Promise<ReturnType<typeof makeCaller>> }> {
  const made = { database: '' };
  onCleanup(() => dropTeamRoles(made.database));
  const database = await createTestDatabase(label);
  made.database = database.name;
  const owner = await createCore({ databaseUrl: database.url, log: silentLogger, ...config });
  onCleanup(() => owner.close());
  await initTeam(owner.db);
  const redisAdmin = config.redisUrl ? new Redis(config.redisUrl) : null;
  onCleanup(() => redisAdmin?.disconnect());

  const desktops = new Map<DeviceKind, Promise<Core>>();
  const desktop = (kind: DeviceKind) => {
    if (!desktops.has(kind)) {
      desktops.set(
        kind,
        (async () => {
          const { enrollment } = await enrollDevice(owner.db, {
            name: `${kind} desk`,
            kind,
            databaseUrl: database.url,
            redisUrl: config.redisUrl ?? null,
            redisAdmin,
            redisKeyPrefix: owner.redisKeyPrefix,
            // The test Redis has no aclfile; tests/core/devices/redis-acl-file.test.ts covers it.
            log: silentLogger,
          });
          const joined = await joinedDesktop(`${label}-${kind}`, enrollment.code);
          const core = await createCore({
            log: silentLogger,
            ...config,
            databaseUrl: joined.databaseUrl,
            redisUrl: config.redisUrl ? joined.redisUrl : null,
          });
          onCleanup(() => core.close());
          return core;
        })(),
      );
    }
    return desktops.get(kind)!;
  };
  const admin = await desktop('admin');
  return {
    core: admin,
    database,
    caller: (token = null) => makeCaller(admin, token),
    // A steward signs in on a door desktop.
    callerFor: async (role) => makeCaller(await desktop(role === 'steward' ? 'door' : role)),
  };
}
