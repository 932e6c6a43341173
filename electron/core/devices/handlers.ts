import type { Redis } from 'ioredis';
import type { CoreDeps } from '../deps';
import { AppError, conflict, notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import { sqlState, UNIQUE_VIOLATION } from '../sql-format';
import { writeAudit } from '../audit/write-audit';
import { enrollDevice, listDevices, revokeDevice } from './device-logins';
import { joinTeam } from './join-team';
import type { Presence } from './presence';

export interface DeviceServers {
  databaseUrl: string;
  redisUrl?: string | null;
  /** This core's Redis connection; only an admin's login may manage ACL users with it. */
  redis: Redis | null;
  redisKeyPrefix: string;
  presence: Presence;
}

export function devicesHandlers(deps: CoreDeps, servers: DeviceServers): DomainHandlers<'devices'> {
  const { db } = deps;
  const teamOnly = () => {
    if (deps.mode !== 'team') {
      throw new AppError('VALIDATION', 'Desktops are enrolled in team mode only.');
    }
  };

  return {
    'devices.list': async () => listDevices(db),

    'devices.add': async (input, { user }) => {
      teamOnly();
      try {
        const enrolled = await enrollDevice(db, {
          name: input.name,
          kind: input.kind,
          databaseUrl: servers.databaseUrl,
          redisUrl: servers.redisUrl ?? null,
          redisAdmin: servers.redis,
          redisKeyPrefix: servers.redisKeyPrefix,
          log: deps.log,
        });
        await writeAudit(db, {
          actorId: user.id,
          action: 'devices.add',
          entity: 'device',
          entityId: enrolled.device.id,
          after: enrolled.device,
        });
        return enrolled;
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) {
          throw conflict(`A desktop named "${input.name}" is already enrolled`);
        }
        if (sqlState(error) === '55000') {
          throw new AppError(
            'UNAVAILABLE',
            'This team database is not set up: run usher team init.',
          );
        }
        throw error;
      }
    },

    'devices.revoke': async (input, { user }) => {
      const device = await revokeDevice(db, input.id, servers.redis, deps.log);
      if (!device) throw notFound('That desktop');
      await writeAudit(db, {
        actorId: user.id,
        action: 'devices.revoke',
        entity: 'device',
        entityId: device.id,
        after: device,
      });
      return device;
    },

    'devices.status': async () => servers.presence.status(),

    'devices.join': async (input) => {
      if (!deps.device) throw new AppError('UNAVAILABLE', 'Only the app can join a team');
      return joinTeam(input.code, deps.device);
    },
  };
}
