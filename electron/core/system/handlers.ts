import type { DeviceSettings } from '@shared/contract/system';
import type { UserDto } from '@shared/domain';
import type { CoreDeps, DeviceContext } from '../deps';
import { AppError } from '../errors';
import type { DomainHandlers } from '../handlers';
import { readSettings, secretAccounts, writeSettings } from './device-settings';

export function systemHandlers(deps: CoreDeps): DomainHandlers<'system'> {
  return {
    'system.health': async () => {
      const database = await deps.db
        .one('select 1')
        .then(() => 'ok' as const)
        .catch(() => 'down' as const);
      const redis = await deps.redisState();
      return { mode: deps.mode, database, redis, live: deps.liveState() };
    },
  };
}

/**
 * Who may change where this desktop connects. The running core asks the database (an admin, or
 * anyone before the first admin exists); main's fallback, when the core cannot start, has no one
 * to ask and lets the person at the desktop fix the address.
 */
export type ServerChangePolicy = (user: UserDto | null) => Promise<boolean>;

/** The address as compared: a different server, port, database or user is a different address. */
const sameAddress = (a: string, b: string) => {
  if (!URL.canParse(a) || !URL.canParse(b)) return a === b;
  return new URL(a).href === new URL(b).href;
};

export function settingsHandlers(
  deps: Pick<CoreDeps, 'device'>,
  mayChangeServers: ServerChangePolicy = async () => true,
): DomainHandlers<'settings'> {
  const device = (): DeviceContext => {
    if (!deps.device) throw new AppError('UNAVAILABLE', 'Device settings are only kept by the app');
    return deps.device;
  };

  const describe = async (restartRequired: boolean): Promise<DeviceSettings> => {
    const { settingsFile, secrets } = device();
    const stored = await readSettings(settingsFile);
    const has = async (account: string) => (await secrets.get(account).catch(() => null)) !== null;
    return {
      ...stored,
      hasDatabasePassword: await has(secretAccounts.teamDatabasePassword),
      hasRedisPassword: await has(secretAccounts.teamRedisPassword),
      keychain: await secrets.status(),
      restartRequired,
    };
  };

  return {
    'settings.get': async () => describe(false),
    'settings.save': async (input, { user }) => {
      const { settingsFile, secrets } = device();
      if (!(await mayChangeServers(user))) {
        throw new AppError(
          user ? 'FORBIDDEN' : 'UNAUTHENTICATED',
          'Only an admin can change where Usher connects',
        );
      }
      if (input.mode === 'team' && !input.databaseUrl) {
        throw new AppError('VALIDATION', 'Team mode needs the PostgreSQL address', {
          databaseUrl: 'Required in team mode',
        });
      }
      const stored = await readSettings(settingsFile);
      // A stored password belongs to the address it was given for: pointing the desktop
      // elsewhere forgets it, so a changed address can never receive the team's password.
      const keep = async (account: string, value: string | undefined, moved: boolean) => {
        if (value === undefined && !moved) return;
        if (!value) await secrets.delete(account);
        else await secrets.set(account, value);
      };
      await keep(
        secretAccounts.teamDatabasePassword,
        input.databasePassword,
        !sameAddress(stored.databaseUrl, input.databaseUrl),
      );
      await keep(
        secretAccounts.teamRedisPassword,
        input.redisPassword,
        !sameAddress(stored.redisUrl, input.redisUrl),
      );
      await writeSettings(settingsFile, {
        localPassword: stored.localPassword,
        mode: input.mode,
        databaseUrl: input.databaseUrl,
        redisUrl: input.redisUrl,
      });
      return describe(true);
    },
    'settings.startLocal': async () => {
      throw new AppError('CONFLICT', 'Usher is already running');
    },
  };
}
