import type { UserDto } from '@shared/domain';
import type { Db, Sql } from '../db/db';
import { hashToken, newSessionToken } from './tokens';
import { scanKeyId, scanKeyOf } from './scan-key';
import { userColumns } from '../users/user-sql';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
/** "Keep me signed in" lasts a month; otherwise a working day. */
const sessionLifetime = (remember: boolean) => (remember ? 30 * 24 * HOUR : 12 * HOUR);

export async function createSession(sql: Sql, userId: string, remember: boolean) {
  const token = newSessionToken();
  // Through functions: a desktop's own login may not touch sessions or scan keys (migration
  // 1764200000000).
  await sql.run('select usher_session_create($1, $2, $3, $4)', [
    hashToken(token),
    userId,
    remember,
    new Date(Date.now() + sessionLifetime(remember)),
  ]);
  // Outlives the session by a week: a door desktop may sync a night's offline scans later.
  const scanKey = scanKeyOf(token);
  await sql.run('select usher_scan_key_create($1, $2, $3, $4)', [
    scanKeyId(scanKey),
    userId,
    scanKey,
    new Date(Date.now() + sessionLifetime(remember) + WEEK),
  ]);
  return token;
}

export async function deleteSession(sql: Sql, token: string) {
  await sql.run('select usher_session_delete($1)', [hashToken(token)]);
}

/**
 * A disabled account's sessions end at once: disabling, re-roling and a new password call this
 * (a new password keeps `except`, the session that set it). Their scan keys go too, so nobody
 * holding an old token can sign check-ins in that person's name.
 */
export async function deleteUserSessions(sql: Sql, userId: string, except?: string) {
  const kept = except ? hashToken(except) : null;
  const keptKey = except ? scanKeyId(scanKeyOf(except)) : null;
  // Through a function: admin desktops for anyone, others only for the person signed in there.
  await sql.run('select usher_user_sessions_delete($1, $2, $3)', [userId, kept, keptKey]);
}

/** Who holds this session now, or null once it has ended: one indexed lookup, no account read. */
export async function sessionHolder(db: Db, token: string): Promise<string | null> {
  const row = await db.one<{ id: string | null }>('select usher_session_user($1) as id', [
    hashToken(token),
  ]);
  return row?.id ?? null;
}

export async function resolveSession(db: Db, token: string): Promise<UserDto | null> {
  const row = await db.one<UserDto>(
    `select ${userColumns} from users u where u.id = usher_session_user($1) and not u.disabled`,
    [hashToken(token)],
  );
  return row ?? null;
}
