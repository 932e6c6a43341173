import type { ImportResult } from '@shared/contract/registrations';
import type { UserDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { AppError, notFound } from '../errors';
import { assertManages } from '../events/event-sql';
import { newTicketCode } from '../tickets';
import { lockEventCounts } from './capacity';
import type { CheckedRows } from './import-rows';

/**
 * Inserts every acceptable row in one transaction under the event lock: seats first, in file
 * order, then the waitlist. Rows for people already registered are refused with their line.
 * Anything fatal rolls the whole import back: nothing is half-imported.
 */
export async function importRows(
  sql: Sql,
  eventId: string,
  checked: CheckedRows,
  user: UserDto,
): Promise<ImportResult> {
  const event = await lockEventCounts(sql, eventId);
  if (!event) throw notFound('That event');
  assertManages(user, event);
  if (event.status === 'cancelled') throw new AppError('CONFLICT', 'This event is cancelled');

  const rejected = [...checked.rejected];
  const existing = new Set(
    (
      await sql.many<{ email: string }>(
        `select lower(attendee_email) as email from event_registrations
          where event_id = $1 and status <> 'cancelled' and lower(attendee_email) = any($2::text[])`,
        [eventId, checked.rows.map((row) => row.email.toLowerCase())],
      )
    ).map((row) => row.email),
  );
  const rows = checked.rows.filter((row) => {
    if (!existing.has(row.email.toLowerCase())) return true;
    rejected.push({ line: row.line, reason: `${row.email} is already registered for this event` });
    return false;
  });
  const seats =
    event.maxAttendees === null
      ? rows.length
      : Math.max(0, event.maxAttendees - event.registeredCount);

  const counts = (await sql.one<{ registered: number; waitlisted: number }>(
    `with ins as (
       insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       select $1, t.name, t.email, t.code, case when t.n <= $5 then 'registered' else 'waitlisted' end
         from unnest($2::text[], $3::text[], $4::text[]) with ordinality as t(name, email, code, n)
        order by t.n
       returning id, status, attendee_name, attendee_email
     ), counted as (
       update events set
         registered_count = registered_count + (select count(*) from ins where status = 'registered'),
         waitlisted_count = waitlisted_count + (select count(*) from ins where status = 'waitlisted')
        where id = $1
     ), audited as (
       insert into audit_log (actor_id, action, entity, entity_id, after)
       select $6, 'registrations.import', 'registration', ins.id::text, to_jsonb(ins) from ins
     )
     select count(*) filter (where status = 'registered')::int as registered,
            count(*) filter (where status = 'waitlisted')::int as waitlisted from ins`,
    [
      eventId,
      rows.map((row) => row.name),
      rows.map((row) => row.email),
      rows.map(() => newTicketCode()),
      seats,
      user.id,
    ],
  ))!;
  rejected.sort((a, b) => a.line - b.line);
  return { ...counts, rejected };
}
