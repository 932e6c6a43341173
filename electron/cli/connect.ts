import type { Core } from '../core';
import { launchCore, settingsFileIn } from '../core/launch';
import { consoleLogger } from '../core/log';
import { createKeychainStore, createSessionFallbackStore } from '../core/secrets';
import { UsageError } from './usage';
import { appDataDir } from './data-dir';

/** DATABASE_URL / REDIS_URL (team mode) win; otherwise the app's own settings and data. */
export async function connect(): Promise<Core> {
  const dataDir = appDataDir();
  return launchCore({
    dataDir,
    device: {
      settingsFile: settingsFileIn(dataDir),
      secrets: createSessionFallbackStore(createKeychainStore()),
    },
    log: consoleLogger,
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
