import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../core';
import { launchCore, settingsFileIn } from '../core/launch';
import { consoleLogger } from '../core/log';
import { createKeychainStore, createSessionFallbackStore } from '../core/secrets';
import { UsageError } from './usage';

/** Electron's userData folder for "Usher" on each platform, so the CLI finds the app's data. */
export function defaultDataDir(): string {
  if (process.env.USHER_DATA_DIR) return process.env.USHER_DATA_DIR;
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'Usher');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? homedir(), 'Usher');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Usher');
}

/** DATABASE_URL / REDIS_URL (team mode) win; otherwise the app's own settings and data. */
export async function connect(): Promise<Core> {
  const dataDir = defaultDataDir();
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
