import type { Redis } from 'ioredis';
import type { Logger } from './log';

/** Redis answered but refused our credentials: a setting to fix, not an outage to wait out. */
export class RedisAuthError extends Error {
  constructor(address: string, reason: string) {
    super(
      `Redis at ${address} refused the password (${reason}). Check the Redis password in Settings.`,
    );
    this.name = 'RedisAuthError';
  }
}

const refusedCredentials = /^(NOAUTH|WRONGPASS)|invalid password|ERR AUTH|ERR invalid/i;

/** host:port only: an address in a message or the log never carries a password. */
const addressOf = (url: string) => {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  return parsed ? `${parsed.hostname}:${parsed.port || '6379'}` : 'the configured address';
};

/**
 * Redis is an accelerator, never a dependency for correctness: commands fail fast while it is
 * down (no offline queue, one retry) and the client keeps reconnecting in the background. It is
 * connected before first use, so nothing is sent (and nothing warned about) while it is still
 * connecting; a Redis that is down says so once, and one that refuses the password stops the
 * start with that reason.
 */
export async function openRedis(url: string, log: Logger): Promise<Redis> {
  // Loaded only when there is a Redis to talk to: a `usher call` without REDIS_URL starts faster.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  let reason: Error | null = null;
  const remember = (error: Error) => void (reason = error);
  redis.on('error', remember);
  try {
    await redis.connect();
  } catch (error) {
    const why = reason ?? (error as Error);
    if (refusedCredentials.test(why.message)) {
      redis.disconnect();
      throw new RedisAuthError(addressOf(url), why.message);
    }
  } finally {
    redis.off('error', remember);
  }

  let down = redis.status !== 'ready';
  if (down) log.warn('redis unavailable', { error: (reason as Error | null)?.message });
  redis.on('error', (error: Error) => {
    if (refusedCredentials.test(error.message)) {
      log.error('redis refused the password', { address: addressOf(url), error: error.message });
    } else if (!down) {
      log.warn('redis unavailable', { error: error.message });
    }
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
