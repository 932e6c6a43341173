import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DeviceKind } from '@shared/contract/devices';
import type { Logger } from '../log';
import { cacheEntriesOf, cacheVersionKey } from '../cache/listing-cache';
import { changeStreamKey } from '../live/redis-feed';

/**
 * The Redis ACL of one desktop, from the key prefix its database uses (whatever that prefix is
 * derived from): keys and channels under the prefix only (door desktops: fewer keys, below), the commands the cache and the change
 * feed send (reads, writes, streams, the cache's Lua script) and nothing dangerous. Admin
 * desktops may also manage ACL users, to enroll and revoke desktops from the app.
 */
export function redisAclRules(keyPrefix: string, password: string, kind: DeviceKind): string[] {
  return [
    'reset',
    'on',
    // As its SHA-256: the plaintext never appears in a command Redis might log or replay.
    `#${createHash('sha256').update(password).digest('hex')}`,
    ...keysOf(keyPrefix, kind),
    `&${keyPrefix}*`,
    '+@read',
    '+@write',
    '+@stream',
    '+@connection',
    '+eval',
    '+evalsha',
    '-@dangerous',
    '-@admin',
    // ioredis's ready check; server facts only, no data.
    '+info',
    ...(kind === 'admin' ? ['+acl|setuser', '+acl|deluser', '+acl|save'] : []),
  ];
}

/**
 * A door desktop's keys: the change stream, the cache version and the door's own cached
 * listings, never the staff listings (drafts, cancelled events). Other desktops keep the whole
 * prefix. A key added later is refused to door desktops until it is listed here.
 */
function keysOf(keyPrefix: string, kind: DeviceKind): string[] {
  if (kind !== 'door') return [`~${keyPrefix}*`];
  return [
    `~${changeStreamKey(keyPrefix)}`,
    `~${cacheVersionKey(keyPrefix)}`,
    `~${cacheEntriesOf(keyPrefix, 'door')}*`,
  ];
}

/**
 * Whether the server keeps ACL users across a restart. Only a Redis started with an `aclfile`
 * does: then ACL SAVE writes them there. Without one, ACL SAVE is refused and enrolled desktops'
 * users live until Redis restarts, so the change is announced as not persisted (README, team
 * mode). Asking by saving needs only `acl|save`, which admin desktops hold (CONFIG GET aclfile
 * would need the admin category they are denied).
 */
export async function saveAcl(redis: Redis, log: Logger): Promise<boolean> {
  try {
    await redis.call('ACL', 'SAVE');
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(
      noAclFile.test(message)
        ? 'Redis has no aclfile: enrolled desktops lose their Redis users when Redis restarts (start it with --aclfile; see the README)'
        : 'Redis did not save its ACL users: they are lost when Redis restarts',
      { error: message },
    );
    return false;
  }
}

// Redis 6 and 7 both say "This Redis instance is not configured to use an ACL file".
const noAclFile = /not configured to use an ACL file/i;

/** Creates (or resets) a desktop's Redis user; true when it will survive a Redis restart. */
export async function createRedisUser(
  redis: Redis,
  user: string,
  rules: string[],
  log: Logger,
): Promise<boolean> {
  await redis.call('ACL', 'SETUSER', user, ...rules);
  return saveAcl(redis, log);
}

/** Deleting an ACL user also closes every connection it had (Redis 6+). */
export async function deleteRedisUser(redis: Redis, user: string, log: Logger): Promise<boolean> {
  await redis.call('ACL', 'DELUSER', user);
  return saveAcl(redis, log);
}
