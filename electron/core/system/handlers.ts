import type { DeviceSettings } from '@shared/contract/system';
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

export function settingsHandlers(deps: Pick<CoreDeps, 'device'>): DomainHandlers<'settings'> {
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
    'settings.save': async (input) => {
      const { settingsFile, secrets } = device();
      if (input.mode === 'team' && !input.databaseUrl) {
        throw new AppError('VALIDATION', 'Team mode needs the PostgreSQL address', {
          databaseUrl: 'Required in team mode',
        });
      }
      const keep = async (account: string, value: string | undefined) => {
        if (value === undefined) return;
        if (value === '') await secrets.delete(account);
        else await secrets.set(account, value);
      };
      await keep(secretAccounts.teamDatabasePassword, input.databasePassword);
      await keep(secretAccounts.teamRedisPassword, input.redisPassword);
      const { localPassword } = await readSettings(settingsFile);
      await writeSettings(settingsFile, {
        localPassword,
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
