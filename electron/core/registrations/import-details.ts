import { importedAnswersReader } from '@shared/import-answers';
import type { Answers } from '@shared/questions';
import type { Sql } from '../db/db';
import { questionRules } from '../questions/question-sql';
import type { MappedRow } from './import-mapping';
import type { Rejection } from './import-rows';

/** What a row brings besides its name and email, once checked. */
export interface RowDetails {
  ticketTypeId: string;
  answers: Answers;
}

/**
 * The event's ticket types and live questions, read once per import under its lock, and the check
 * of each row's type and answers against them. A type is named as the event calls it, in any
 * case; a blank cell (or no ticket type column) gives the event's first type, as registering
 * does. Answers are read by the shared import hook and held to the questions of the row's type,
 * required ones included, exactly as a registration's are.
 */
export async function importDetails(sql: Sql, eventId: string) {
  const types = await sql.many<{ id: string; name: string }>(
    'select id, name from ticket_types where event_id = $1 order by position, created_at, id',
    [eventId],
  );
  const questions = await questionRules(sql, eventId);
  const typeByName = new Map(types.map((type) => [type.name.trim().toLowerCase(), type.id]));
  const defaultType = types[0]!.id;
  const typeNames = types.map((type) => type.name).join(', ');
  const readAnswers = importedAnswersReader(questions);
  return {
    questionKeys: new Set(questions.map((question) => question.key)),
    check({ line, ticketType, answers: cells }: MappedRow): RowDetails | Rejection {
      const named = ticketType?.trim() ?? '';
      const ticketTypeId = named === '' ? defaultType : typeByName.get(named.toLowerCase());
      if (!ticketTypeId) {
        return {
          line,
          reason: `Ticket type: "${named}" is not one of this event's (${typeNames})`,
        };
      }
      // Without questions there is nothing to read or require: the common case, kept cheap.
      if (questions.length === 0) return { ticketTypeId, answers: {} };
      const read = readAnswers(ticketTypeId, cells);
      if (!read.ok) return { line, reason: read.reason };
      return { ticketTypeId, answers: read.answers };
    },
  };
}
