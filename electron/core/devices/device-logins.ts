import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DeviceDto, DeviceKind, EnrolledDevice } from '@shared/contract/devices';
import type { Sql } from '../db/db';
import { isoUtc } from '../sql-format';
import { consoleLogger, type Logger } from '../log';
import { encodeEnrollmentCode } from './enrollment-code';
import { scramVerifier } from './scram-verifier';
import { createRedisUser, deleteRedisUser, redisAclRules } from './redis-acl';

/** An enrollment code works for a day unless told otherwise. */
export const DEFAULT_CODE_LIFETIME_MS = 24 * 3_600_000;

export const deviceColumns = `id, name, kind, login, ${isoUtc('created_at')} as "createdAt",
  ${isoUtc('joined_at')} as "joinedAt", ${isoUtc('last_seen_at')} as "lastSeenAt",
  ${isoUtc('revoked_at')} as "revokedAt", ${isoUtc('code_expires_at')} as "codeExpiresAt"`;

export interface EnrollOptions {
  name: string;
  kind: DeviceKind;
  /** Where desktops reach the team's servers; the device's login goes into copies of them. */
  databaseUrl: string;
  redisUrl: string | null;
  /** A connection allowed to manage Redis ACL users; null when the team has no Redis. */
  redisAdmin: Redis | null;
  /** This database's Redis key prefix: the device's Redis user sees only keys under it. */
  redisKeyPrefix: string;
  codeLifetimeMs?: number;
  /** Told when Redis cannot keep the new user across a restart (no aclfile). */
  log?: Logger;
}

const secret = () => randomBytes(24).toString('base64url');

/** Creates the device's PostgreSQL login and Redis user and returns its one-time code. */
export async function enrollDevice(sql: Sql, options: EnrollOptions): Promise<EnrolledDevice> {
  const codePassword = secret();
  const redisPassword = secret();
  const expiresAt = new Date(Date.now() + (options.codeLifetimeMs ?? DEFAULT_CODE_LIFETIME_MS));
  const created = (await sql.one<{ id: string; login: string }>(
    'select id, login from usher_device_enroll($1, $2, $3, $4, $5)',
    [options.name, options.kind, scramVerifier(codePassword), redisPassword, expiresAt],
  ))!;
  if (options.redisAdmin) {
    await createRedisUser(
      options.redisAdmin,
      created.login,
      redisAclRules(options.redisKeyPrefix, redisPassword, options.kind),
      options.log ?? consoleLogger,
    );
  }
  const databaseUrl = new URL(options.databaseUrl);
  databaseUrl.username = created.login;
  databaseUrl.password = codePassword;
  let redisUrl = '';
  if (options.redisUrl && options.redisAdmin) {
    const url = new URL(options.redisUrl);
    url.username = created.login;
    url.password = '';
    redisUrl = url.toString();
  }
  return {
    device: (await deviceById(sql, created.id))!,
    enrollment: encodeEnrollmentCode({
      databaseUrl: databaseUrl.toString(),
      redisUrl,
      expiresAt: expiresAt.toISOString(),
    }),
  };
}

export async function listDevices(sql: Sql): Promise<DeviceDto[]> {
  return sql.many<DeviceDto>(
    `select ${deviceColumns} from devices order by revoked_at is not null, lower(name), created_at`,
  );
}

export async function deviceById(sql: Sql, id: string): Promise<DeviceDto | undefined> {
  return sql.one<DeviceDto>(`select ${deviceColumns} from devices where id = $1`, [id]);
}

/**
 * Cuts a desktop off: its PostgreSQL login is disabled, its connections ended and the login
 * dropped; its Redis user deleted, which closes its Redis connections too.
 */
export async function revokeDevice(
  sql: Sql,
  id: string,
  redisAdmin: Redis | null,
  log: Logger = consoleLogger,
): Promise<DeviceDto | undefined> {
  const revoked = await sql.one<{ login: string | null }>(
    'select usher_device_revoke($1) as login',
    [id],
  );
  if (!revoked?.login) return undefined;
  if (redisAdmin) await deleteRedisUser(redisAdmin, revoked.login, log);
  return deviceById(sql, id);
}
