import { createCore, type Core, type CoreConfig } from '../../electron/core';
import type { Role } from '@shared/domain';
import { silentLogger } from '../../electron/core/log';
import { createTestDatabase, type TestDatabase } from './postgres';
import { adminInput, makeCaller, type Caller } from './callers';
import { onCleanup } from './cleanup';
import { restrictedLogins, startRestrictedTestCore } from './restricted-core';

export { adminInput, makeCaller, type Caller };

export interface TestCore {
  core: Core;
  database: TestDatabase;
  /** A caller with its own session, like one window or one CLI process. */
  caller(token?: string | null): Caller;
  /** With USHER_TEST_DESKTOPS=1: a caller on a desktop enrolled for that role. */
  callerFor?(role: Role): Promise<Caller>;
}

/** A core on a fresh database of the machine's PostgreSQL, closed and dropped after the file. */
export async function startTestCore(
  config: Partial<CoreConfig> = {},
  label = 'core',
): Promise<TestCore> {
  if (restrictedLogins) return startRestrictedTestCore(config, label);
  const database = await createTestDatabase(label);
  const core = await createCore({ databaseUrl: database.url, log: silentLogger, ...config });
  onCleanup(async () => {
    await core.close();
    await database.drop();
  });
  return { core, database, caller: (token = null) => makeCaller(core, token) };
}

/** Sets up the first admin and returns a signed-in admin caller. */
export async function setupAdmin(test: TestCore): Promise<Caller> {
  const admin = test.caller();
  await admin.ok('auth.setup', adminInput);
  return admin;
}

/** Creates a staff account with the given role and returns a caller signed in as it. */
export async function staffCaller(
  test: TestCore,
  admin: Caller,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2)}@example.org`,
): Promise<Caller> {
  const password = 'a long enough password';
  await admin.ok('users.create', { email, fullName: `${role} person`, role, password });
  const caller = (await test.callerFor?.(role)) ?? test.caller();
  await caller.ok('auth.login', { email, password });
  return caller;
}
