import { describe, expect, it } from 'vitest';
import type { UserDto } from '@shared/domain';
import { createSessionCache, type SessionLoaders } from '../../../electron/core/auth/session-cache';

const dora: UserDto = {
  id: 'u1',
  email: 'dora@example.org',
  fullName: 'Dora Door',
  role: 'door',
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const refused = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
const unreachable: SessionLoaders = { load: refused, holder: refused };
/** A server that knows the session as dora's (or as ended, with null). */
const server = (user: UserDto | null): SessionLoaders => ({
  load: async () => user,
  holder: async () => user?.id ?? null,
});

describe('session cache', () => {
  it('loads the account once within its lifetime, checking only that the session stands', async () => {
    const cache = createSessionCache();
    let loads = 0;
    let checks = 0;
    const loaders: SessionLoaders = {
      load: async () => (loads++, dora),
      holder: async () => (checks++, dora.id),
    };
    await cache.resolve('t', loaders);
    await cache.resolve('t', loaders);
    expect(loads).toBe(1);
    expect(checks).toBe(1);
  });

  it('lets calls of one session that arrive together share one check', async () => {
    const cache = createSessionCache();
    await cache.resolve('t', server(dora));
    let checks = 0;
    const counted: SessionLoaders = { ...server(dora), holder: async () => (checks++, dora.id) };
    const answers = await Promise.all(Array.from({ length: 5 }, () => cache.resolve('t', counted)));
    expect(answers).toEqual(Array(5).fill(dora));
    expect(checks).toBe(1);
    // A call after those is checked again.
    await cache.resolve('t', counted);
    expect(checks).toBe(2);
  });

  it('refuses at once a session ended elsewhere (another desktop, no Redis to tell)', async () => {
    const cache = createSessionCache();
    await cache.resolve('t', server(dora));
    expect(await cache.resolve('t', server(null))).toBeNull();
    // And stays refused: the entry is gone, the next call loads again.
    expect(await cache.resolve('t', server(null))).toBeNull();
  });

  it('answers offline channels at once from the last known user, checking in the background', async () => {
    const cache = createSessionCache();
    await cache.resolve('t', server(dora));
    // Age the entry past its lifetime.
    const realNow = Date.now;
    Date.now = () => realNow() + 60_000;
    try {
      // A network that drops packets: the check never answers, the scan must not wait for it.
      const hanging = () => new Promise<never>(() => {});
      expect(await cache.resolve('t', { load: hanging, holder: hanging }, true)).toEqual(dora);
      // Other channels need the server's word.
      await expect(cache.resolve('t', unreachable)).rejects.toThrow(/ECONNREFUSED/);
      await expect(cache.resolve('never-seen', unreachable, true)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      Date.now = realNow;
    }
  });

  it('refuses an offline call once the background check finds the session revoked', async () => {
    const cache = createSessionCache();
    await cache.resolve('t', server(dora));
    const realNow = Date.now;
    Date.now = () => realNow() + 60_000;
    try {
      expect(await cache.resolve('t', server(null), true)).toEqual(dora);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(await cache.resolve('t', server(null), true)).toBeNull();
    } finally {
      Date.now = realNow;
    }
  });

  it('forgets a user at once when their access changes', async () => {
    const cache = createSessionCache();
    await cache.resolve('t', server(dora));
    cache.forgetUser('u1');
    await expect(cache.resolve('t', unreachable, true)).rejects.toThrow();
    expect(await cache.resolve('t', server(null))).toBeNull();
  });
});
