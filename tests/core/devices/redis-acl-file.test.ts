import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../../../electron/core/log';
import {
  createRedisUser,
  deleteRedisUser,
  redisAclRules,
} from '../../../electron/core/devices/redis-acl';
import { cacheVersionKey } from '../../../electron/core/cache/listing-cache';
import { onCleanup } from '../../support/cleanup';

// Enrolled desktops' Redis users must outlive a Redis restart, or every desktop loses its live
// updates (and a revoked one would come back) the next time the server reboots. Each test starts
// its own redis-server on a free port, as a team's would run: with an aclfile holding the default
// user's password (requirepass is ignored once an aclfile is used).

const ADMIN_PASSWORD = 'owner password';

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

interface PrivateRedis {
  port: number;
  aclFile: string | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  connect(user?: string, password?: string): Redis;
}

async function privateRedis(withAclFile: boolean): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'usher-redis-acl-'));
  const port = await freePort();
  const aclFile = withAclFile ? join(dir, 'users.acl') : null;
  if (aclFile) {
    const hash = createHash('sha256').update(ADMIN_PASSWORD).digest('hex');
    await writeFile(aclFile, `user default on #${hash} ~* &* +@all\n`);
  }
  let child: ChildProcess | null = null;
  const connections: Redis[] = [];
  const server: PrivateRedis = {
    port,
    aclFile,
    async start() {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
      args.push('--save', '', '--appendonly', 'no');
      if (aclFile) args.push('--aclfile', aclFile);
      else args.push('--requirepass', ADMIN_PASSWORD);
      child = spawn('redis-server', args, { stdio: 'ignore' });
      // Ready when it answers.
      for (let attempt = 0; ; attempt++) {
        const probe = new Redis({
          port,
          password: ADMIN_PASSWORD,
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => undefined);
        const ok = await probe.connect().then(
          () => probe.ping().then(() => true),
          () => false,
        );
        probe.disconnect();
        if (ok) return;
        if (attempt > 100) throw new Error('redis-server did not start');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      running.kill('SIGTERM');
      await once(running, 'exit');
    },
    connect(user, password = ADMIN_PASSWORD) {
      const redis = new Redis({
        port,
        username: user,
        password,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      redis.on('error', () => undefined);
      connections.push(redis);
      return redis;
    },
  };
  onCleanup(async () => {
    for (const redis of connections) redis.disconnect();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });
  await server.start();
  return server;
}

function recordingLog() {
  const warnings: string[] = [];
  const log: Logger = { info() {}, error() {}, warn: (message) => void warnings.push(message) };
  return { log, warnings };
}

const prefix = 'usher:acl-file-test:';

describe('Redis ACL users of enrolled desktops', () => {
  it('survive a Redis restart when the server has an aclfile (ACL SAVE after each change)', async () => {
    const redis = await privateRedis(true);
    const { log, warnings } = recordingLog();
    const admin = redis.connect();
    const rules = redisAclRules(prefix, 'device password', 'door');
    expect(await createRedisUser(admin, 'usher_dev_gate', rules, log)).toBe(true);
    expect(warnings).toEqual([]);
    expect(await readFile(redis.aclFile!, 'utf8')).toMatch(/^user usher_dev_gate on /m);

    await redis.stop();
    await redis.start();
    const device = redis.connect('usher_dev_gate', 'device password');
    await device.set(cacheVersionKey(prefix), '1');
    expect(await device.get(cacheVersionKey(prefix))).toBe('1');
    await expect(device.get('elsewhere')).rejects.toThrow(/NOPERM/);

    // Revoked stays revoked after a restart too.
    expect(await deleteRedisUser(redis.connect(), 'usher_dev_gate', log)).toBe(true);
    await redis.stop();
    await redis.start();
    const revoked = redis.connect('usher_dev_gate', 'device password');
    await expect(revoked.ping()).rejects.toThrow(/WRONGPASS|NOAUTH|closed|invalid/i);
    // And the owner's password still stands: the default user was saved with it.
    expect(await redis.connect().ping()).toBe('PONG');
  });

  it('warns that the users are not persisted when the server has no aclfile', async () => {
    const redis = await privateRedis(false);
    const { log, warnings } = recordingLog();
    const admin = redis.connect();
    const rules = redisAclRules(prefix, 'device password', 'door');
    expect(await createRedisUser(admin, 'usher_dev_gate', rules, log)).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/no aclfile/)]);
    // The user works until the restart, then is gone.
    expect(await redis.connect('usher_dev_gate', 'device password').ping()).toBe('PONG');
    await redis.stop();
    await redis.start();
    await expect(redis.connect('usher_dev_gate', 'device password').ping()).rejects.toThrow(
      /WRONGPASS|NOAUTH|closed|invalid/i,
    );
  });
});
