import type { EventTypeCounts } from '@shared/contract/reports';
import { seesAttendees } from '@shared/access';
import type { UserDto } from '@shared/domain';
import type { Sql } from '../db/db';

/**
 * Each listed event's ticket types with their counters (kept by triggers in the same transaction
 * as every registration), for the events whose attendees `user` sees (shared/access.ts), in the
 * order the ids came.
 */
export async function ticketTypeCounts(
  sql: Sql,
  user: UserDto,
  eventIds: string[],
): Promise<EventTypeCounts[]> {
  const rows = await sql.many<EventTypeCounts & { status: string; createdBy: string | null }>(
    `select e.id as "eventId", e.status, e.created_by as "createdBy",
            coalesce((select json_agg(json_build_object(
                       'id', t.id, 'name', t.name, 'capacity', t.capacity,
                       'registeredCount', t.registered_count,
                       'waitlistedCount', t.waitlisted_count)
                     order by t.position, t.created_at, t.id)
                from ticket_types t where t.event_id = e.id), '[]'::json) as types
       from unnest($1::uuid[]) with ordinality as ids(id, n)
       join events e on e.id = ids.id
      order by ids.n`,
    [[...new Set(eventIds)]],
  );
  return rows
    .filter((row) =>
      seesAttendees(user, {
        status: row.status as 'draft' | 'published' | 'cancelled',
        createdBy: row.createdBy,
      }),
    )
    .map(({ eventId, types }) => ({ eventId, types }));
}
