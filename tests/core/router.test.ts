import { beforeAll, describe, expect, it } from 'vitest';
import { channels, channelNames, type ChannelName } from '@shared/contract';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../support/core';

let test: TestCore;
let admin: Caller;
let door: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'router');
  admin = await setupAdmin(test);
  door = await staffCaller(test, admin, 'door');
});

/** Row counts of every table: "changed nothing" means these stay equal. */
async function tableCounts() {
  const tables = await test.core.db.many<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public' order by 1",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const row = await test.core.db.one<{ n: number }>(`select count(*)::int as n from "${name}"`);
    counts[name] = row!.n;
  }
  return counts;
}

const call = (caller: Caller, channel: ChannelName, input: unknown) =>
  test.core.call(channel, input, caller.ctx);

describe('every channel', () => {
  it('refuses invalid input with VALIDATION and changes nothing', async () => {
    const before = await tableCounts();
    for (const name of channelNames) {
      for (const bad of ['not an object', 42, [], { unexpectedField: true }]) {
        const result = await call(admin, name, bad);
        expect(result, `${name} with ${JSON.stringify(bad)}`).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
      }
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('answers UNAUTHENTICATED without a session, except public channels', async () => {
    const anonymous = test.caller();
    for (const name of channelNames) {
      const result = await call(anonymous, name, {});
      if (channels[name].access === 'public') continue;
      expect(result, name).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('answers FORBIDDEN to a door account on organizer and admin channels', async () => {
    const guarded = channelNames.filter((name) =>
      ['organizer', 'admin'].includes(channels[name].access),
    );
    expect(guarded.length).toBeGreaterThan(0);
    for (const name of guarded) {
      expect(await call(door, name, {}), name).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });

  it('names every channel domain.verb, once', () => {
    for (const name of channelNames) expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-zA-Z]+$/);
    expect(new Set(channelNames).size).toBe(channelNames.length);
  });
});

describe('failures', () => {
  it('reports an unknown channel plainly', async () => {
    expect(await test.core.call('nope.nothing', {}, admin.ctx)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('keeps SQL and stacks out of an internal error, and rolls the change back', async () => {
    await test.core.db.run('alter table audit_log rename to audit_log_hidden');
    try {
      const result = await admin.call('users.create', {
        email: 'ghost@example.org',
        fullName: 'Ghost',
        role: 'door',
        password: 'a long enough password',
      });
      expect(result).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong. The details are in the log.' },
      });
      const text = JSON.stringify(result);
      expect(text).not.toMatch(/audit_log|relation|insert|at \w+ \(/i);
    } finally {
      await test.core.db.run('alter table audit_log_hidden rename to audit_log');
    }
    const ghost = await test.core.db.one("select 1 from users where email = 'ghost@example.org'");
    expect(ghost).toBeUndefined();
  });
});

describe('an unreachable database', () => {
  it('answers UNAVAILABLE, not INTERNAL', async () => {
    const { toErrorBody } = await import('../../electron/core/router');
    const { silentLogger } = await import('../../electron/core/log');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const terminated = new Error('Connection terminated unexpectedly');
    const shutdown = Object.assign(
      new Error('terminating connection due to administrator command'),
      {
        code: '57P01',
      },
    );
    const connectionFailure = Object.assign(new Error('connection failure'), { code: '08006' });
    for (const error of [refused, terminated, shutdown, connectionFailure]) {
      expect(toErrorBody(error, 'events.list', silentLogger).code, error.message).toBe(
        'UNAVAILABLE',
      );
    }
  });
});
