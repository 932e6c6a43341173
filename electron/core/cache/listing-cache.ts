import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log';

/**
 * Listing cache with versioned keys: every committed change bumps one version number, so a
 * write is visible on the very next read from any desktop, with no key-by-key invalidation.
 */
export interface ListingCache {
  read<T>(scope: CacheScope, input: unknown, load: () => Promise<T>): Promise<T>;
  /** After a commit that changes what listings show. Never throws. */
  changed(): Promise<void>;
}

/**
 * Whom a cached listing is for. Door desktops' Redis users may read only the door's entries
 * (redis-acl.ts): the staff listings hold drafts and cancelled events.
 */
export type CacheAudience = 'door' | 'staff';
/** The audience first, so one key pattern covers all of an audience's entries. */
export type CacheScope = `${CacheAudience}:${string}`;

export const cacheVersionKey = (keyPrefix: string) => `${keyPrefix}cache-version`;
export const cacheEntriesOf = (keyPrefix: string, audience: CacheAudience) =>
  `${keyPrefix}cache:${audience}:`;

const TTL_SECONDS = 60;

// One round trip: read the version and the entry under it together.
const readScript = `
local version = redis.call('GET', KEYS[1]) or '0'
return {version, redis.call('GET', ARGV[1] .. version .. ':' .. ARGV[2])}`;

const digestOf = (input: unknown) =>
  createHash('sha1').update(JSON.stringify(input)).digest('base64url');

export function createRedisCache(redis: Redis, keyPrefix: string, log: Logger): ListingCache {
  const versionKey = cacheVersionKey(keyPrefix);
  let warned = false;
  // A write made while Redis was unreachable could not bump the version: bump it when Redis is
  // back, so no desktop keeps serving a listing cached before that write.
  let missedBump = false;
  const bump = () =>
    redis.incr(versionKey).then(
      () => undefined,
      () => {
        missedBump = true;
      },
    );
  redis.on('ready', () => {
    if (missedBump) {
      missedBump = false;
      void bump();
    }
  });

  return {
    async read(scope, input, load) {
      const base = `${keyPrefix}cache:${scope}:`; // starts with cacheEntriesOf(keyPrefix, audience)
      const digest = digestOf(input);
      let hit: [string, string | null];
      try {
        hit = (await redis.eval(readScript, 1, versionKey, base, digest)) as [
          string,
          string | null,
        ];
        warned = false;
      } catch (error) {
        // Redis is an accelerator: without it, listings come straight from PostgreSQL.
        if (!warned) log.warn('listing cache unavailable', { error: (error as Error).message });
        warned = true;
        return load();
      }
      const [version, cached] = hit;
      if (cached !== null) return JSON.parse(cached) as Awaited<ReturnType<typeof load>>;
      const value = await load();
      redis
        .set(`${base}${version}:${digest}`, JSON.stringify(value), 'EX', TTL_SECONDS)
        .catch(() => undefined);
      return value;
    },
    changed: bump,
  };
}

/** Local mode: one process, so the cache is a map and the version a number. */
export function createMemoryCache(maxEntries = 500): ListingCache {
  let version = 0;
  const entries = new Map<string, unknown>();
  return {
    async read(scope, input, load) {
      const key = `${scope}:${version}:${digestOf(input)}`;
      if (entries.has(key)) return entries.get(key) as Awaited<ReturnType<typeof load>>;
      const readAt = version;
      const value = await load();
      // A change during the load makes this result stale: do not keep it.
      if (readAt === version) {
        if (entries.size >= maxEntries) entries.clear();
        entries.set(key, value);
      }
      return value;
    },
    async changed() {
      version += 1;
      entries.clear();
    },
  };
}
