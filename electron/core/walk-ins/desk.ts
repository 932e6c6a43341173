import type { WalkInDesk } from '@shared/contract/walk-ins';
import type { Sql } from '../db/db';
import { questionRules } from '../questions/question-sql';

/** What a station's walk-in form needs: the event's ticket types and its door-visible questions. */
export async function walkInDeskOf(sql: Sql, eventId: string): Promise<WalkInDesk> {
  const ticketTypes = await sql.many<{ id: string; name: string }>(
    'select id, name from ticket_types where event_id = $1 order by position, created_at, id',
    [eventId],
  );
  return { ticketTypes, questions: await questionRules(sql, eventId, { doorVisibleOnly: true }) };
}
