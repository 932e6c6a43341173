import type { ImportResult } from '@shared/contract/registrations';
import type { UserDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { AppError, notFound } from '../errors';
import { assertManages } from '../events/event-sql';
import { newTicketCode } from './ticket-code';
import { lockEventCounts } from './capacity';
import { activeEmails, insertInArrivalOrder } from './insert-in-order';
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
  const taken = await activeEmails(
    sql,
    eventId,
    checked.rows.map((row) => row.email),
  );
  const rows = checked.rows.filter((row) => {
    if (!taken.has(row.email.toLowerCase())) return true;
    rejected.push({ line: row.line, reason: `${row.email} is already registered for this event` });
    return false;
  });
  const inserted = await insertInArrivalOrder(
    sql,
    event,
    rows.map((row) => ({ ...row, ticketCode: newTicketCode(), actorId: user.id })),
    'registrations.import',
  );
  const registered = inserted.filter((r) => r.status === 'registered').length;
  rejected.sort((a, b) => a.line - b.line);
  return { registered, waitlisted: inserted.length - registered, rejected };
}
