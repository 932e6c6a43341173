import type { Redis } from 'ioredis';
import type { Change, LiveState } from '@shared/contract';
import type { Logger } from '../log';
import type { ChangeFeed } from './change-feed';

export interface RedisFeedOptions {
  /** Commands and announcements. */
  redis: Redis;
  /** A connection of its own: XREAD BLOCK holds it. */
  reader: Redis;
  keyPrefix: string;
  log: Logger;
}

/** Enough history for a desktop that was offline for a while to catch up. */
const STREAM_LENGTH = 100_000;
const BLOCK_MS = 2_000;
const MAX_PENDING = 10_000;
/** Tells every desktop to refetch whatever it shows: sent when changes had to be dropped. */
const resync: Change = { topic: 'events.changed', payload: { allEvents: true } };

export const changeStreamKey = (prefix: string) => `${prefix}changes`;

/**
 * Team mode: a Redis Stream every desktop appends to and reads from its own last id, so a
 * desktop that lost its connection receives every change it missed, once, when it is back.
 */
export function createRedisFeed({ redis, reader, keyPrefix, log }: RedisFeedOptions): ChangeFeed {
  const stream = changeStreamKey(keyPrefix);
  let state: Exclude<LiveState, 'local'> = redis.status === 'ready' ? 'live' : 'paused';
  const stateListeners: ((state: LiveState) => void)[] = [];
  let closed = false;
  let loop: Promise<void> | null = null;
  let wake = () => {};
  const setState = (next: Exclude<LiveState, 'local'>) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  async function readLoop(onChange: (change: Change) => void) {
    let lastId: string | null = null;
    while (!closed) {
      if (reader.status !== 'ready') {
        // Not connected (yet, or any more): wait for it quietly. The client reconnects by itself
        // and the Redis client already said once that Redis is unavailable.
        setState('paused');
        await readyOrTimeout(reader, BLOCK_MS);
        continue;
      }
      try {
        if (lastId === null) {
          // Start after the newest entry: history before this desktop started is not news.
          const newest = await reader.xrevrange(stream, '+', '-', 'COUNT', 1);
          lastId = newest[0]?.[0] ?? '0-0';
        }
        const batch: [string, [string, string[]][]][] | null = await reader.xread(
          'COUNT',
          1_000,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          stream,
          lastId,
        );
        setState('live');
        for (const [, entries] of batch ?? []) {
          for (const [id, fields] of entries) {
            lastId = id;
            const change = parseChange(fields);
            if (change) onChange(change);
          }
        }
      } catch (error) {
        if (closed) return;
        // A real failure on a connected client: say so once, not every retry.
        if (state === 'live') log.warn('live updates paused', { error: (error as Error).message });
        setState('paused');
        // Cut short by close(): a command that ends right after start-up (the CLI) would
        // otherwise wait out this pause before it can exit.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 500);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = () => {};
      }
    }
  }

  // Changes committed while Redis was unreachable wait here, in order, and go out when it is
  // back: another desktop's screen must not stay wrong because of a blip. Past the bound the
  // oldest are replaced by one "anything may have changed" note.
  const pending: Change[] = [];
  let overflowed = false;
  const flush = async () => {
    while (pending.length > 0 && redis.status === 'ready') {
      const batch = pending.slice(0, 500);
      if (overflowed) batch.unshift(resync);
      const pipeline = redis.pipeline();
      for (const change of batch) {
        pipeline.xadd(stream, 'MAXLEN', '~', STREAM_LENGTH, '*', 'change', JSON.stringify(change));
      }
      const results = await pipeline.exec().catch(() => null);
      if (!results || results.some(([error]) => error)) return;
      pending.splice(0, overflowed ? batch.length - 1 : batch.length);
      overflowed = false;
    }
  };
  redis.on('ready', () => void flush());

  return {
    async announce(changes) {
      pending.push(...changes);
      if (pending.length > MAX_PENDING) {
        pending.splice(0, pending.length - MAX_PENDING);
        overflowed = true;
      }
      await flush();
      if (pending.length > 0)
        log.warn('change announcement delayed (redis down)', { pending: pending.length });
    },
    start(onChange) {
      loop ??= readLoop(onChange);
    },
    state: () => state,
    onState: (listener) => void stateListeners.push(listener),
    async close() {
      closed = true;
      reader.disconnect();
      wake();
      // A read cut off while the client was reconnecting (a revoked desktop's login: Redis closed
      // the connection and refuses the password) is never settled by ioredis once disconnected;
      // it cannot hold up closing.
      await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    },
  };
}

function readyOrTimeout(client: Redis, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('end', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    client.once('ready', done);
    client.once('end', done);
  });
}

function parseChange(fields: string[]): Change | null {
  const index = fields.indexOf('change');
  try {
    return index >= 0 ? (JSON.parse(fields[index + 1]!) as Change) : null;
  } catch {
    return null;
  }
}
