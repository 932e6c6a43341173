import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

// This desktop's own choices, kept in a JSON file in the app's data folder. Never a secret:
// passwords live in the OS keychain under the accounts below.
const storedSettings = z.object({
  mode: z.enum(['local', 'team']).default('local'),
  databaseUrl: z.string().default(''),
  redisUrl: z.string().default(''),
  /**
   * Local mode's database password: generated and kept in the keychain, or (where no keychain
   * lasts) chosen by the person and typed at each start, never stored anywhere.
   */
  localPassword: z.enum(['keychain', 'typed']).default('keychain'),
});
export type StoredSettings = z.infer<typeof storedSettings>;

export const secretAccounts = {
  localDatabasePassword: 'local-database-password',
  teamDatabasePassword: 'team-database-password',
  teamRedisPassword: 'team-redis-password',
  rememberedSession: 'remembered-session',
  smtpPassword: 'smtp-password',
} as const;

export async function readSettings(file: string): Promise<StoredSettings> {
  try {
    return storedSettings.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return storedSettings.parse({});
    throw new Error(`The settings file ${file} is damaged: ${(error as Error).message}`);
  }
}

/** Write-then-rename, so a crash mid-write leaves the old file, never half a file. */
export async function writeSettings(file: string, settings: StoredSettings): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  // The default is left out: a file written before local passwords could be typed reads the same.
  const { localPassword, ...rest } = settings;
  const kept = localPassword === 'typed' ? settings : rest;
  await writeFile(temp, JSON.stringify(kept, null, 2) + '\n', { mode: 0o600 });
  await rename(temp, file);
}

/** Puts a password stored apart back into a server address for connecting. */
export function withPassword(url: string, password: string | null): string {
  if (!password) return url;
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}
