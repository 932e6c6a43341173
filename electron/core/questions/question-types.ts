import type { Sql } from '../db/db';
import { invalid } from '../errors';

/** The event's ticket type ids, its default (first) type first. */
const eventTypeIds = async (sql: Sql, eventId: string) =>
  (
    await sql.many<{ id: string }>(
      'select id from ticket_types where event_id = $1 order by position, created_at, id',
      [eventId],
    )
  ).map((row) => row.id);

/** The type a registration without one gets (as registering decides it): the event's first. */
export const defaultTicketType = async (sql: Sql, eventId: string) =>
  (await eventTypeIds(sql, eventId))[0] ?? null;

/** A question may be limited only to types the event sells. */
export async function assertEventTypes(sql: Sql, eventId: string, ids: string[] | null) {
  if (ids === null) return;
  const known = new Set(await eventTypeIds(sql, eventId));
  if (ids.some((id) => !known.has(id))) {
    throw invalid('ticketTypeIds', 'Choose ticket types of this event');
  }
}
