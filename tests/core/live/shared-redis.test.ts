import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core';
import type { Logger } from '../../../electron/core/log';
import { RedisAuthError } from '../../../electron/core/redis';
import { onCleanup } from '../../support/cleanup';
import { adminInput, makeCaller, type Caller } from '../../support/core';
import { createEvent } from '../../support/events';
import { createTestDatabase, redisUrl, testRedisPrefix } from '../../support/postgres';

// One Redis shared by two Usher databases (two teams, or production and a test copy), and the
// Redis client's own behaviour: connected before use, quiet when all is well, clear on a refusal.

const prefix = testRedisPrefix('shared-redis');

function recordingLog() {
  const lines: { level: string; message: string; detail?: unknown }[] = [];
  const log: Logger = {
    info: (message, detail) => void lines.push({ level: 'info', message, detail }),
    warn: (message, detail) => void lines.push({ level: 'warn', message, detail }),
    error: (message, detail) => void lines.push({ level: 'error', message, detail }),
  };
  return { log, lines };
}

async function openOn(label: string, log: Logger = recordingLog().log) {
  const database = await createTestDatabase(label);
  const core = await createCore({
    databaseUrl: database.url,
    redisUrl,
    redisKeyPrefix: prefix,
    log,
  });
  let closed = false;
  const close = async () => {
    if (!closed) await core.close();
    closed = true;
  };
  onCleanup(close);
  const admin = makeCaller(core);
  await admin.ok('auth.setup', adminInput);
  return { core, admin, close };
}

let a: { core: Core; admin: Caller };
let b: { core: Core; admin: Caller };

beforeAll(async () => {
  a = await openOn('shared_redis_a');
  b = await openOn('shared_redis_b');
});

describe('two databases sharing one Redis (and one key prefix)', () => {
  it('never list each other’s events', async () => {
    const onA = await createEvent(a.admin, { title: 'Only in A' });
    const onB = await createEvent(b.admin, { title: 'Only in B' });
    // The same input on both: the same cache key, were it not for the database's id in it.
    for (let i = 0; i < 2; i++) {
      const listedA = await a.admin.ok('events.list', { limit: 50 });
      const listedB = await b.admin.ok('events.list', { limit: 50 });
      expect(listedA.items.map((e) => e.id)).toEqual([onA.id]);
      expect(listedB.items.map((e) => e.id)).toEqual([onB.id]);
    }
  });

  it('never receive each other’s changes', async () => {
    const seenOnB: unknown[] = [];
    const stop = b.core.subscribe((topic, payload) => {
      if (topic === 'events.changed') seenOnB.push(payload);
    });
    try {
      const fromA = await createEvent(a.admin, { title: 'A again' });
      const fromB = await createEvent(b.admin, { title: 'B again' });
      await expect.poll(() => seenOnB, { timeout: 10_000 }).toContainEqual({ eventId: fromB.id });
      // B's own change arrived through the stream; A's, made before it, never does.
      await sleep(300);
      expect(seenOnB).not.toContainEqual({ eventId: fromA.id });
    } finally {
      stop();
    }
  });
});

describe('the Redis connection', () => {
  it('warns about nothing when Redis is fine, from start to close', async () => {
    const { log, lines } = recordingLog();
    const { admin, close } = await openOn('shared_redis_quiet', log);
    await admin.ok('events.list', {});
    await createEvent(admin);
    expect((await admin.ok('system.health', {})).live).toBe('live');
    await close();
    expect(lines.filter((line) => line.level !== 'info')).toEqual([]);
  });

  it('says once that Redis is unavailable when it is, and goes on from PostgreSQL', async () => {
    const { log, lines } = recordingLog();
    const database = await createTestDatabase('shared_redis_dead');
    const core = await createCore({
      databaseUrl: database.url,
      redisUrl: 'redis://127.0.0.1:1',
      log,
    });
    onCleanup(() => core.close());
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    await admin.ok('events.list', {});
    expect(lines.filter((l) => l.message === 'redis unavailable').length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.message === 'live updates paused')).toEqual([]);
  });

  it('refuses to start, saying why, when Redis refuses the password (WRONGPASS)', async () => {
    const database = await createTestDatabase('shared_redis_wrongpass');
    const url = new URL(redisUrl);
    url.username = 'no-such-usher-user';
    url.password = 'not-the-password';
    const started = createCore({
      databaseUrl: database.url,
      redisUrl: url.toString(),
      log: recordingLog().log,
    });
    await expect(started).rejects.toBeInstanceOf(RedisAuthError);
    await expect(started).rejects.not.toThrow(/not-the-password/);
  });

  it('refuses to start, saying why, when Redis needs a password and none is given (NOAUTH)', async () => {
    const port = await freePort();
    const server = spawn('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      'team-secret',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    onCleanup(() => void server.kill());
    await expect.poll(() => answers(port), { timeout: 10_000 }).toBe(true);

    const database = await createTestDatabase('shared_redis_noauth');
    const started = createCore({
      databaseUrl: database.url,
      redisUrl: `redis://127.0.0.1:${port}`,
      log: recordingLog().log,
    });
    await expect(started).rejects.toThrow(/refused the password \(NOAUTH/);
    // With the password it starts, and says nothing is wrong.
    const { log, lines } = recordingLog();
    const core = await createCore({
      databaseUrl: database.url,
      redisUrl: `redis://:team-secret@127.0.0.1:${port}`,
      log,
    });
    await core.close();
    expect(lines.filter((line) => line.level !== 'info')).toEqual([]);
  });
});

/** Whether a Redis with the test's password answers on the port yet. */
async function answers(port: number): Promise<boolean> {
  const probe = new Redis({
    port,
    host: '127.0.0.1',
    password: 'team-secret',
    lazyConnect: true,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
