import { afterAll } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '@shared/contract';
import { createCore, type CallContext, type Core, type CoreConfig } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { createTestDatabase, type TestDatabase } from './postgres';

export interface TestCore {
  core: Core;
  database: TestDatabase;
  /** A caller with its own session, like one window or one CLI process. */
  caller(token?: string | null): Caller;
}

export interface Caller {
  ctx: CallContext;
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>>;
  /** Calls and unwraps, failing the test with the error envelope if the call failed. */
  ok<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
}

/** A core on a fresh database of the machine's PostgreSQL, closed and dropped after the file. */
export async function startTestCore(config: Partial<CoreConfig> = {}, label = 'core'): Promise<TestCore> {
  const database = await createTestDatabase(label);
  const core = await createCore({ databaseUrl: database.url, log: silentLogger, ...config });
  afterAll(async () => {
    await core.close();
    await database.drop();
  });
  return { core, database, caller: (token = null) => makeCaller(core, token) };
}

export function makeCaller(core: Core, token: string | null = null): Caller {
  const ctx: CallContext = { token };
  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) =>
    core.call(channel, input, ctx) as Promise<Envelope<ChannelOutput<C>>>;
  return {
    ctx,
    call,
    async ok(channel, input) {
      const result = await call(channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
  };
}

export const adminInput = {
  email: 'ada@example.org',
  fullName: 'Ada Admin',
  password: 'correct horse battery',
};

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
  role: 'admin' | 'organizer' | 'door',
  email = `${role}-${Math.random().toString(36).slice(2)}@example.org`,
): Promise<Caller> {
  const password = 'a long enough password';
  await admin.ok('users.create', { email, fullName: `${role} person`, role, password });
  const caller = test.caller();
  await caller.ok('auth.login', { email, password });
  return caller;
}
