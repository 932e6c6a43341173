import { Redis } from 'ioredis';
import type { Logger } from './log';

/**
 * Redis is an accelerator, never a dependency for correctness: commands fail fast while it is
 * down (no offline queue, one retry) and the client keeps reconnecting in the background.
 */
export function connectRedis(url: string, log: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) log.warn('redis unavailable', { error: error.message });
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info('redis back');
    down = false;
  });
  return redis;
}

export async function redisState(redis: Redis | null): Promise<'ok' | 'down' | 'off'> {
  if (!redis) return 'off';
  if (redis.status !== 'ready') return 'down';
  return redis
    .ping()
    .then(() => 'ok' as const)
    .catch(() => 'down' as const);
}
