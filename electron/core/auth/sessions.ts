import type { UserDto } from '@shared/domain';
import type { Db, Sql } from '../db/db';
import { hashToken, newSessionToken } from './tokens';
import { userColumns } from '../users/user-sql';

const HOUR = 3_600_000;
/** "Keep me signed in" lasts a month; otherwise a working day. */
const sessionLifetime = (remember: boolean) => (remember ? 30 * 24 * HOUR : 12 * HOUR);

export async function createSession(sql: Sql, userId: string, remember: boolean) {
  const token = newSessionToken();
  await sql.run(
    'insert into sessions (token_hash, user_id, remember, expires_at) values ($1, $2, $3, $4)',
    [hashToken(token), userId, remember, new Date(Date.now() + sessionLifetime(remember))],
  );
  return token;
}

export async function deleteSession(sql: Sql, token: string) {
  await sql.run('delete from sessions where token_hash = $1', [hashToken(token)]);
}

/** A disabled account's sessions end at once: disabling or re-roling calls this. */
export async function deleteUserSessions(sql: Sql, userId: string) {
  await sql.run('delete from sessions where user_id = $1', [userId]);
}

export async function resolveSession(db: Db, token: string): Promise<UserDto | null> {
  const row = await db.one<UserDto>(
    `select ${userColumns} from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1 and s.expires_at > now() and not u.disabled`,
    [hashToken(token)],
  );
  return row ?? null;
}
