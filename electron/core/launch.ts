import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from './index';
import type { DeviceContext } from './deps';
import {
  readSettings,
  secretAccounts,
  withPassword,
  writeSettings,
} from './system/device-settings';
import type { LocalPostgres } from './db/local-postgres';
import type { Logger } from './log';

export interface LaunchOptions {
  /** The app's data folder (Electron's userData; the CLI's USHER_DATA_DIR). */
  dataDir: string;
  device: DeviceContext;
  log: Logger;
  /** DATABASE_URL / REDIS_URL: when set they win over the saved settings (CLI, scripts). */
  env?: { DATABASE_URL?: string; REDIS_URL?: string };
  /** The CLI shares the app's local server when the app is open, rather than stopping it. */
  attachToRunningServer?: boolean;
  /** Local mode without a lasting keychain: the database password typed at this start. */
  localPassword?: string;
}

/**
 * Local mode cannot open its database without a password it has no lasting place for: the
 * person is asked for one (`needed`), or typed one that does not open it (`wrong`).
 */
export class LocalPasswordError extends Error {
  override name = 'LocalPasswordError';
  constructor(
    readonly kind: 'needed' | 'wrong',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const settingsFileIn = (dataDir: string) => join(dataDir, 'settings.json');
/** The door station's SQLite file: the attendee copy and the check-in outbox. */
export const doorFileIn = (dataDir: string) => join(dataDir, 'door.sqlite');

/**
 * Starts the core the way this desktop is configured: team mode against the team's servers
 * (passwords from the keychain), or local mode on an embedded PostgreSQL in the data folder.
 */
export async function launchCore(options: LaunchOptions): Promise<Core> {
  const { dataDir, log, env = {} } = options;
  const device: DeviceContext = { doorFile: doorFileIn(dataDir), ...options.device };
  if (env.DATABASE_URL) {
    return createCore({
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL || null,
      mode: 'team',
      device,
      log,
    });
  }
  const settings = await readSettings(device.settingsFile);
  if (settings.mode === 'team') {
    const secret = (account: string) => device.secrets.get(account).catch(() => null);
    return createCore({
      databaseUrl: withPassword(
        settings.databaseUrl,
        await secret(secretAccounts.teamDatabasePassword),
      ),
      redisUrl: settings.redisUrl
        ? withPassword(settings.redisUrl, await secret(secretAccounts.teamRedisPassword))
        : null,
      mode: 'team',
      device,
      log,
    });
  }
  // Loaded only in local mode: team mode and the CLI against a server never need it.
  const { startLocalPostgres } = await import('./db/local-postgres');
  const postgresDir = join(dataDir, 'postgres');
  const password = await localDatabasePassword(
    device,
    existsSync(join(postgresDir, 'PG_VERSION')),
    options.localPassword,
  );
  const server = await startLocalPostgres({
    dataDir: postgresDir,
    password,
    log: (line) => log.info('postgres', { line }),
    attach: options.attachToRunningServer,
  }).catch((error: unknown) => {
    const code = ((error as Error).cause as { code?: string } | undefined)?.code;
    if (options.localPassword !== undefined && code === '28P01')
      throw new LocalPasswordError('wrong', 'That is not the password of this database.', {
        cause: error,
      });
    throw error;
  });
  try {
    const core = await createCore({ databaseUrl: server.url, mode: 'local', device, log });
    return withServer(core, server);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

const recovery = 'See "Local mode without a keychain" in the README.';

/**
 * Generated once and kept in the keychain: the embedded server only listens on loopback. Where
 * no keychain lasts, nothing is created until the person chooses a password of their own, which
 * they then type at each start (the settings file records only that they do).
 */
async function localDatabasePassword(
  device: DeviceContext,
  clusterExists: boolean,
  typed: string | undefined,
): Promise<string> {
  const settings = await readSettings(device.settingsFile);
  if (settings.localPassword === 'typed' || (typed !== undefined && !clusterExists)) {
    if (typed === undefined) {
      throw new LocalPasswordError(
        'needed',
        "Type the password you chose for this computer's Usher database to open it.",
      );
    }
    if (settings.localPassword !== 'typed')
      await writeSettings(device.settingsFile, { ...settings, localPassword: 'typed' });
    return typed;
  }
  const stored = await device.secrets.get(secretAccounts.localDatabasePassword);
  if (stored) return stored;
  const keychain = await device.secrets.status();
  if (clusterExists) {
    // The data is there but its password is not: say why, rather than "password mismatch".
    throw new Error(
      keychain.state === 'available'
        ? `The password of this computer's Usher database is missing from the system keychain. ${recovery}`
        : `The password of this computer's Usher database is in the system keychain, which cannot be read now: ${keychain.message} Unlock it and start Usher again. ${recovery}`,
    );
  }
  if (keychain.state !== 'available') {
    // A password kept only in memory would be gone at the next start, and the data with it.
    throw new LocalPasswordError(
      'needed',
      `Usher keeps its database password in the system keychain, which cannot keep it here: ${keychain.message} Nothing has been created yet. Set up or unlock the keychain and try again, or choose a database password that you will type each time Usher starts (it is never saved).`,
    );
  }
  const generated = randomBytes(24).toString('base64url');
  await device.secrets.set(secretAccounts.localDatabasePassword, generated);
  return generated;
}

function withServer(core: Core, server: LocalPostgres): Core {
  return {
    ...core,
    async close() {
      await core.close();
      await server.stop();
    },
  };
}
