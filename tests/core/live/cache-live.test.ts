import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createCore, type Core } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';
import { adminInput, makeCaller, type Caller } from '../../support/core';
import { createEvent } from '../../support/events';
import {
  createTestDatabase,
  redisUrl,
  testRedisPrefix,
  type TestDatabase,
} from '../../support/postgres';

// Two cores on one database and one Redis: two desktops of the same team.
let database: TestDatabase;
let a: Core;
let b: Core;
let onA: Caller;
let onB: Caller;
const keyPrefix = testRedisPrefix('cache-live');
const open = (redis: string = redisUrl) =>
  createCore({
    databaseUrl: database.url,
    redisUrl: redis,
    redisKeyPrefix: keyPrefix,
    log: silentLogger,
  });

beforeAll(async () => {
  database = await createTestDatabase('cache_live');
  a = await open();
  b = await open();
  onA = makeCaller(a);
  await onA.ok('auth.setup', adminInput);
  onB = makeCaller(b);
  await onB.ok('auth.login', { email: adminInput.email, password: adminInput.password });
});

afterAll(async () => {
  await a.close();
  await b.close();
  await database.drop();
});

/** Resolves with the first `count` payloads of `topic` that core emits. */
function collect(core: Core, topic: string, count: number, timeoutMs = 10_000) {
  const seen: unknown[] = [];
  return new Promise<unknown[]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`saw ${seen.length} of ${count} ${topic}`)),
      timeoutMs,
    );
    const stop = core.subscribe((name, payload) => {
      if (name !== topic) return;
      seen.push(payload);
      if (seen.length === count) {
        clearTimeout(timer);
        stop();
        resolve(seen);
      }
    });
  });
}

describe('listing cache across desktops', () => {
  it('never serves a stale listing after a write on another desktop', async () => {
    const event = await createEvent(onA, { title: 'Cache probe 0', category: 'cache-probe' });
    for (let i = 1; i <= 20; i++) {
      // Warm B's cache, write on A, read on B at once.
      await onB.ok('events.list', { category: 'cache-probe' });
      const current = await onA.ok('events.get', { id: event.id });
      await onA.ok('events.update', {
        id: event.id,
        version: current.version,
        title: `Cache probe ${i}`,
      });
      const listed = await onB.ok('events.list', { category: 'cache-probe' });
      expect(listed.items[0]?.title).toBe(`Cache probe ${i}`);
    }
  });

  it('serves listings from PostgreSQL when Redis is unreachable', async () => {
    // Port 1 has nobody listening: a dead Redis from the first moment.
    const dead = await open('redis://127.0.0.1:1');
    try {
      const caller = makeCaller(dead);
      await caller.ok('auth.login', { email: adminInput.email, password: adminInput.password });
      const event = await createEvent(caller, {
        title: 'Written without Redis',
        category: 'no-redis',
      });
      const listed = await caller.ok('events.list', { category: 'no-redis' });
      expect(listed.items.map((e) => e.id)).toEqual([event.id]);
      expect((await caller.ok('system.health', {})).redis).toBe('down');
    } finally {
      await dead.close();
    }
  });

  it('keeps answering while its Redis connection is killed mid-run, then reconnects', async () => {
    const admin = new Redis(redisUrl);
    try {
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < 30; i++) {
        if (i === 10) await admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
        calls.push(onB.ok('events.list', { limit: 5 }));
        calls.push(onA.ok('events.list', { limit: 5, offset: i }));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await Promise.all(calls); // .ok throws on any error envelope
      await expect
        .poll(async () => (await onB.ok('system.health', {})).redis, { timeout: 10_000 })
        .toBe('ok');
    } finally {
      admin.disconnect();
    }
  });
});

describe('live updates across desktops', () => {
  it('delivers a change made on A to a subscriber on B', async () => {
    const seen = collect(b, 'events.changed', 1);
    const event = await createEvent(onA, { title: 'Live probe' });
    expect(await seen).toEqual([{ eventId: event.id }]);
  });

  it('delivers every change missed while B was disconnected, once', async () => {
    const admin = new Redis(redisUrl);
    const event = await createEvent(onA, { title: 'Reconnect probe', maxAttendees: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seen = collect(b, 'registrations.changed', 10);
    try {
      // Drop every client connection (B's blocked reader among them), then write at once:
      // B's reader is reconnecting while these changes land in the stream.
      await admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
      for (let i = 0; i < 10; i++) {
        await onA.ok('registrations.register', {
          eventId: event.id,
          name: `R${i}`,
          email: `r${i}@example.org`,
        });
      }
      const payloads = await seen;
      expect(payloads).toEqual(Array.from({ length: 10 }, () => ({ eventId: event.id })));
      // And nothing more arrives twice.
      const extra: unknown[] = [];
      const stop = b.subscribe(
        (topic, payload) => topic === 'registrations.changed' && extra.push(payload),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      stop();
      expect(extra).toEqual([]);
    } finally {
      admin.disconnect();
    }
  });
});
