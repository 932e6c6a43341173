import { channels } from '@shared/contract';
import type { Core } from '../core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchCore, LocalPasswordError, settingsFileIn, type LaunchOptions } from '../core/launch';
import { consoleLogger, type Logger } from '../core/log';
import { createKeychainStore, createSessionFallbackStore } from '../core/secrets';
import { UsageError } from './usage';
import { appDataDir } from './data-dir';
import { askHidden } from './local-password';

/**
 * What the command logs on stderr: warnings and errors; with --verbose also the routine lines
 * (local mode's PostgreSQL messages among them), which would otherwise follow every call.
 */
export function cliLogger(verbose: boolean): Logger {
  return verbose ? consoleLogger : { ...consoleLogger, info() {} };
}

/**
 * DATABASE_URL / REDIS_URL (team mode) win; otherwise the app's own settings and data. Local
 * mode without a lasting keychain takes the database password the person chose from
 * USHER_LOCAL_DATABASE_PASSWORD, or asks for it in the terminal without showing it.
 */
export async function connect(log: Logger = cliLogger(false)): Promise<Core> {
  const dataDir = appDataDir();
  const options: LaunchOptions = {
    dataDir,
    device: {
      settingsFile: settingsFileIn(dataDir),
      secrets: createSessionFallbackStore(createKeychainStore()),
    },
    log,
    env: { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL },
    attachToRunningServer: true,
  };
  try {
    return await launchCore(options);
  } catch (error) {
    if (!(error instanceof LocalPasswordError) || error.kind !== 'needed') throw error;
    return launchCore({ ...options, localPassword: await typedPassword(dataDir, error) });
  }
}

async function typedPassword(dataDir: string, needed: LocalPasswordError): Promise<string> {
  const given = process.env.USHER_LOCAL_DATABASE_PASSWORD;
  if (given) return checked(given);
  if (!process.stdin.isTTY) {
    throw new Error(
      `${needed.message} Set USHER_LOCAL_DATABASE_PASSWORD, or run usher in a terminal to type it.`,
    );
  }
  process.stderr.write(`${needed.message}\n`);
  const password = await askHidden('Database password: ');
  // A new database: a typo now would lock the data away, so it is typed twice.
  if (!existsSync(join(dataDir, 'postgres', 'PG_VERSION'))) {
    if ((await askHidden('Repeat it: ')) !== password)
      throw new Error('The two passwords do not match; nothing was created.');
  }
  return checked(password);
}

/** The app's rule for these passwords (the contract's), before anything is created with one. */
function checked(password: string): string {
  const result = channels['settings.startLocal'].input.safeParse({ password });
  if (!result.success) throw new Error(`Database password: ${result.error.issues[0]!.message}`);
  return password;
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
