import type { UserDto } from '@shared/domain';
import type { Db, Sql } from '../db/db';
import { hashToken, newSessionToken } from './tokens';
import { userColumns } from '../users/user-sql';

const HOUR = 3_600_000;
/** "Keep me signed in" lasts a month; otherwise a working day. */
const sessionLifetime = (remember: boolean) => (remember ? 30 * 24 * HOUR : 12 * HOUR);

export async function createSession(sql: Sql, userId: string, remember: boolean) {
  const token = newSessionToken();
  // Through a function: a desktop's own login may not touch sessions (migration 1764200000000).
  await sql.run('select usher_session_create($1, $2, $3, $4)', [
    hashToken(token),
    userId,
    remember,
    new Date(Date.now() + sessionLifetime(remember)),
  ]);
  return token;
}

export async function deleteSession(sql: Sql, token: string) {
  await sql.run('select usher_session_delete($1)', [hashToken(token)]);
}

/** A disabled account's sessions end at once: disabling or re-roling calls this. */
export async function deleteUserSessions(sql: Sql, userId: string) {
  await sql.run('delete from sessions where user_id = $1', [userId]);
}

export async function resolveSession(db: Db, token: string): Promise<UserDto | null> {
  const row = await db.one<UserDto>(
    `select ${userColumns} from users u where u.id = usher_session_user($1) and not u.disabled`,
    [hashToken(token)],
  );
  return row ?? null;
}
