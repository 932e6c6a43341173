import Database from 'better-sqlite3';
import type { UserDto } from '@shared/domain';
import { hashToken } from '../../auth/tokens';

// The door staff who used this desktop's station, by the hash of their session token, kept in
// the door device's own file. When Usher restarts with the server out of reach, this is how the
// station knows who is signed in (the token itself stays in the OS keychain). No secret is here:
// the server stores the same hash.

const schema = `create table if not exists known_staff (
  token_hash blob primary key,
  user_json text not null,
  seen_at text not null
)`;

export function rememberDoorStaff(file: string, token: string, user: UserDto): void {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 2000');
    db.exec(schema);
    db.prepare(
      `insert into known_staff (token_hash, user_json, seen_at) values (?, ?, ?)
       on conflict (token_hash) do update set user_json = excluded.user_json, seen_at = excluded.seen_at`,
    ).run(hashToken(token), JSON.stringify(user), new Date().toISOString());
  } finally {
    db.close();
  }
}

export function lookupDoorStaff(file: string, token: string): UserDto | null {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    db.exec(schema);
    const row = db
      .prepare('select user_json as json from known_staff where token_hash = ?')
      .get(hashToken(token)) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as UserDto) : null;
  } finally {
    db.close();
  }
}
