import type { RecipientFilter } from '@shared/contract/mail';
import type { Sql } from '../db/db';
import { recipientCondition } from '../mail/queue';

/** Which of an event's attendees to read: a group (as messages pick them) or one registration. */
export type AttendeeSelection = { filter: RecipientFilter } | { registrationId: string };

/**
 * What a reader adds to each row besides its id and name: columns over `r` (event_registrations)
 * and whatever `joins` brings in, whose own parameters (`params`) are numbered from $3.
 */
export interface AttendeeColumns {
  columns: string;
  joins?: string;
  params?: unknown[];
}

// Read in pages along the name index, so a 100,000-attendee batch never sits in memory at once.
const pageSize = 500;

/**
 * The selected attendees of an event in name order (then id, so equal names keep one order), a
 * page at a time by keyset: what printing tickets and badges walks through.
 */
export async function* attendeesByName<Row extends { id: string; name: string }>(
  db: Sql,
  eventId: string,
  where: AttendeeSelection,
  { columns, joins = '', params: extra = [] }: AttendeeColumns,
): AsyncGenerator<Row> {
  let after: [string, string] | null = null;
  for (;;) {
    const params: unknown[] = [eventId, pageSize, ...extra];
    const conditions = ['r.event_id = $1'];
    if ('filter' in where) conditions.push(recipientCondition(where.filter));
    else conditions.push(`r.id = $${params.push(where.registrationId)}`);
    if (after) {
      conditions.push(
        `(r.attendee_name, r.id) > ($${params.push(after[0])}, $${params.push(after[1])}::uuid)`,
      );
    }
    const rows = await db.many<Row>(
      `select r.id, r.attendee_name as name, ${columns} from event_registrations r ${joins}
        where ${conditions.join(' and ')} order by r.attendee_name, r.id limit $2`,
      params,
    );
    yield* rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = [last.name, last.id];
  }
}
