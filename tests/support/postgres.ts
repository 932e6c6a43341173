import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { onCleanup } from './cleanup';

/** The machine's PostgreSQL (CI and developers); each test file gets a database of its own. */
export const serverUrl =
  process.env.USHER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `usher_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = () => admin(`drop database if exists ${name} with (force)`);
  // Dropped after the file's tests whatever happens; an earlier explicit drop is harmless.
  onCleanup(drop);
  return { url: url.toString(), name, drop };
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const redisUrl = process.env.USHER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A Redis key prefix of this test's own, every key under it deleted after the file's tests: the
 * machine's Redis is shared, and a run leaves nothing behind.
 */
export function testRedisPrefix(label: string): string {
  const prefix = `usher-test-${label}-${randomBytes(4).toString('hex')}:`;
  onCleanup(() => deleteRedisKeys(prefix));
  return prefix;
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    // The prefix is ours, with no glob characters in it.
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) {
      if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}
