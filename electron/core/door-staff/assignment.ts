import { isDoorStaff, type UserDto } from '@shared/domain';
import type { Sql } from '../db/db';

/**
 * SQL condition: door staff member `userParam` works the event whose id is `eventIdExpr`, either
 * because they work every event or because the event's organizer assigned them. Read from the
 * database on each call, not the session: an assignment taken away holds at once.
 */
export const worksEventSql = (eventIdExpr: string, userParam: string) =>
  `(exists (select 1 from users w where w.id = ${userParam} and w.all_events)
    or exists (select 1 from event_door_staff w
                where w.event_id = ${eventIdExpr} and w.user_id = ${userParam}))`;

/**
 * Of `eventIds`, the ones `user` works at the door. Everyone who is not door staff passes (their
 * own rules, shared/access.ts, still apply).
 */
export async function eventsWorked(
  sql: Sql,
  user: UserDto,
  eventIds: string[],
): Promise<Set<string>> {
  if (!isDoorStaff(user.role)) return new Set(eventIds);
  const rows = await sql.many<{ id: string }>(
    `select e.id from unnest($1::uuid[]) as e(id) where ${worksEventSql('e.id', '$2')}`,
    [eventIds, user.id],
  );
  return new Set(rows.map((row) => row.id));
}

export async function worksEvent(sql: Sql, user: UserDto, eventId: string): Promise<boolean> {
  return (await eventsWorked(sql, user, [eventId])).has(eventId);
}
