import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisFeed } from '../../../electron/core/live/redis-feed';
import { silentLogger } from '../../../electron/core/log';
import { onCleanup } from '../../support/cleanup';
import { redisUrl, testRedisPrefix } from '../../support/postgres';

describe('closing the Redis change feed', () => {
  it('does not wait out the pause after a failed read (the CLI exits at once)', async () => {
    const redis = new Redis(redisUrl);
    onCleanup(() => redis.disconnect());
    // A reader that never connects: every read fails and the loop pauses before the next.
    const reader = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    reader.on('error', () => {}); // refused, as intended
    const feed = createRedisFeed({
      redis,
      reader,
      keyPrefix: testRedisPrefix('feed_close'),
      log: silentLogger,
    });
    feed.start(() => {});
    // Let the first read fail, so the loop sits in its pause.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const first = await Promise.race([
      feed.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still paused'), 400)),
    ]);
    expect(first).toBe('closed');
  });
});
