import type { Answers } from '@shared/questions';
import type { UserDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { assertManages } from '../events/event-sql';
import { validateAnswers } from './answers';
import { defaultTicketType } from './question-types';

/**
 * A registration's answers, checked before it joins the register queue. Only the event's manager
 * learns what its questions require; anyone else (or an unknown event) goes on to the queue,
 * which answers FORBIDDEN or NOT_FOUND as it always has.
 */
export async function checkRegisterAnswers(
  sql: Sql,
  user: UserDto,
  eventId: string,
  /** Absent: the event's first type, as registering decides. */
  ticketTypeId: string | undefined,
  raw: Record<string, unknown>,
): Promise<Answers> {
  const event = await sql.one<{ createdBy: string | null }>(
    'select created_by as "createdBy" from events where id = $1',
    [eventId],
  );
  if (!event) return {};
  try {
    assertManages(user, event);
  } catch {
    return {};
  }
  // A type the event does not sell asks nothing here; the queue refuses it as VALIDATION.
  return validateAnswers(
    sql,
    eventId,
    ticketTypeId ?? (await defaultTicketType(sql, eventId)),
    raw,
  );
}
