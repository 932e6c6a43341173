import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DeviceKind } from '@shared/contract/devices';
import type { DeviceContext } from '../deps';
import { AppError } from '../errors';
import { readSettings, secretAccounts, writeSettings } from '../system/device-settings';
import { decodeEnrollmentCode } from './enrollment-code';
import { scramVerifier } from './scram-verifier';

// What PostgreSQL says when a login cannot be used: wrong or expired password, no such role,
// login not permitted. Under `trust` authentication only the last two can happen.
const LOGIN_REFUSED = new Set(['28000', '28P01']);
const DEVICE_REFUSED = '42501';

const codeRefused = (message: string) => new AppError('VALIDATION', message, { code: message });

/**
 * Joins this desktop to a team with an enrollment code: claims the code once (replacing its
 * one-time password with one only this desktop knows), then keeps both passwords in the keychain
 * and the addresses, without them, in the settings file. Applies on restart.
 */
export async function joinTeam(
  code: string,
  device: DeviceContext,
): Promise<{ name: string; kind: DeviceKind; restartRequired: true }> {
  const parts = decodeEnrollmentCode(code);
  if (!parts) throw codeRefused('That is not an Usher enrollment code.');
  if (Date.parse(parts.expiresAt) <= Date.now()) {
    throw codeRefused('This enrollment code has expired. Ask an admin for a new one.');
  }
  const password = randomBytes(24).toString('base64url');
  const client = new pg.Client({
    connectionString: parts.databaseUrl,
    connectionTimeoutMillis: 5_000,
  });
  client.on('error', () => undefined);
  let joined: { name: string; kind: DeviceKind; redis_password: string | null };
  try {
    await client.connect();
    const result = await client.query(
      'select name, kind, redis_password from usher_device_join($1)',
      [scramVerifier(password)],
    );
    joined = result.rows[0];
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (LOGIN_REFUSED.has(code)) {
      throw codeRefused(
        'This enrollment code no longer works: it was used, it expired, or the desktop was removed. Ask an admin for a new one.',
      );
    }
    if (code === DEVICE_REFUSED) {
      const reason = (error as Error).message;
      throw codeRefused(
        `This enrollment code cannot be used: ${reason}. Ask an admin for a new one.`,
      );
    }
    throw new AppError(
      'UNAVAILABLE',
      "Cannot reach the team's database server. Check the network and try again.",
    );
  } finally {
    await client.end().catch(() => undefined);
  }

  const databaseUrl = new URL(parts.databaseUrl);
  databaseUrl.password = '';
  const redisUrl = parts.redisUrl ? new URL(parts.redisUrl) : null;
  if (redisUrl) redisUrl.password = '';
  await device.secrets.set(secretAccounts.teamDatabasePassword, password);
  if (joined.redis_password) {
    await device.secrets.set(secretAccounts.teamRedisPassword, joined.redis_password);
  } else {
    await device.secrets.delete(secretAccounts.teamRedisPassword);
  }
  // Local mode's own choice (a typed password) stays, for switching back to it later.
  const { localPassword } = await readSettings(device.settingsFile);
  await writeSettings(device.settingsFile, {
    localPassword,
    mode: 'team',
    databaseUrl: databaseUrl.toString(),
    redisUrl: redisUrl?.toString() ?? '',
  });
  return { name: joined.name, kind: joined.kind, restartRequired: true };
}
