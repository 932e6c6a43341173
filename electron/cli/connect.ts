import type { Core } from '../core';
import { launchCore, settingsFileIn } from '../core/launch';
import { consoleLogger, type Logger } from '../core/log';
import { createKeychainStore, createSessionFallbackStore } from '../core/secrets';
import { UsageError } from './usage';
import { appDataDir } from './data-dir';

/** DATABASE_URL / REDIS_URL (team mode) win; otherwise the app's own settings and data. */
/**
 * What the command logs on stderr: warnings and errors; with --verbose also the routine lines
 * (local mode's PostgreSQL messages among them), which would otherwise follow every call.
 */
export function cliLogger(verbose: boolean): Logger {
  return verbose ? consoleLogger : { ...consoleLogger, info() {} };
}

export async function connect(log: Logger = cliLogger(false)): Promise<Core> {
  const dataDir = appDataDir();
  return launchCore({
    dataDir,
    device: {
      settingsFile: settingsFileIn(dataDir),
      secrets: createSessionFallbackStore(createKeychainStore()),
    },
    log,
    env: { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL },
    attachToRunningServer: true,
  });
}

export interface Credentials {
  email: string;
  password: string;
}

export function credentialsFrom(flags: { email?: string; password?: string }): Credentials | null {
  const email = flags.email ?? process.env.USHER_EMAIL;
  const password = flags.password ?? process.env.USHER_PASSWORD;
  if (!email && !password) return null;
  if (!email || !password) {
    throw new UsageError(
      'Give both an email and a password (--email/--password or USHER_EMAIL/USHER_PASSWORD)',
    );
  }
  return { email, password };
}
