import { describe, expect, it } from 'vitest';
import type { UserDto } from '@shared/domain';
import { createSessionCache } from '../../../electron/core/auth/session-cache';

const dora: UserDto = {
  id: 'u1',
  email: 'dora@example.org',
  fullName: 'Dora Door',
  role: 'door',
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const unreachable = async (): Promise<UserDto | null> => {
  throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
};

describe('session cache', () => {
  it('answers from memory within its lifetime', async () => {
    const cache = createSessionCache();
    let loads = 0;
    const load = async () => (loads++, dora);
    await cache.resolve('t', load);
    await cache.resolve('t', load);
    expect(loads).toBe(1);
  });

  it('answers offline channels at once from the last known user, checking in the background', async () => {
    const cache = createSessionCache();
    await cache.resolve('t', async () => dora);
    // Age the entry past its lifetime.
    const realNow = Date.now;
    Date.now = () => realNow() + 60_000;
    try {
      // A network that drops packets: the check never answers, the scan must not wait for it.
      const hanging = () => new Promise<UserDto | null>(() => {});
      expect(await cache.resolve('t', hanging, true)).toEqual(dora);
      // Other channels need the server's word.
      await expect(cache.resolve('t', unreachable)).rejects.toThrow(/ECONNREFUSED/);
      await expect(cache.resolve('never-seen', unreachable, true)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      Date.now = realNow;
    }
  });

  it('refuses an offline call once the background check finds the session revoked', async () => {
    const cache = createSessionCache();
    await cache.resolve('t', async () => dora);
    const realNow = Date.now;
    Date.now = () => realNow() + 60_000;
    try {
      expect(await cache.resolve('t', async () => null, true)).toEqual(dora);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(await cache.resolve('t', async () => null, true)).toBeNull();
    } finally {
      Date.now = realNow;
    }
  });

  it('forgets a user at once when their access changes', async () => {
    const cache = createSessionCache();
    await cache.resolve('t', async () => dora);
    cache.forgetUser('u1');
    await expect(cache.resolve('t', unreachable, true)).rejects.toThrow();
    expect(await cache.resolve('t', async () => null)).toBeNull();
  });
});
