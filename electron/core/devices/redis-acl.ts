import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DeviceKind } from '@shared/contract/devices';

/**
 * The Redis ACL of one desktop, from the key prefix its database uses (whatever that prefix is
 * derived from): keys and channels under the prefix only, the commands the cache and the change
 * feed send (reads, writes, streams, the cache's Lua script) and nothing dangerous. Admin
 * desktops may also manage ACL users, to enroll and revoke desktops from the app.
 */
export function redisAclRules(keyPrefix: string, password: string, kind: DeviceKind): string[] {
  return [
    'reset',
    'on',
    // As its SHA-256: the plaintext never appears in a command Redis might log or replay.
    `#${createHash('sha256').update(password).digest('hex')}`,
    `~${keyPrefix}*`,
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

export async function createRedisUser(redis: Redis, user: string, rules: string[]): Promise<void> {
  await redis.call('ACL', 'SETUSER', user, ...rules);
  await saveAcl(redis);
}

/** Deleting an ACL user also closes every connection it had (Redis 6+). */
export async function deleteRedisUser(redis: Redis, user: string): Promise<void> {
  await redis.call('ACL', 'DELUSER', user);
  await saveAcl(redis);
}

// Only a server started with an aclfile keeps users across restarts; without one, ACL SAVE fails
// and the users live until Redis restarts (the README says to use an aclfile).
async function saveAcl(redis: Redis) {
  await redis.call('ACL', 'SAVE').catch(() => undefined);
}
