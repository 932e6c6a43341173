import type { QuestionDto, QuestionRule } from '@shared/questions';
import type { Sql } from '../db/db';

/**
 * Whether question `q` is asked of registration `r`'s ticket type. An answer counts for the
 * registration only then: answers to questions of a type it no longer holds are kept (they count
 * again if it changes back) but are not shown, exported, filtered on or sent to the door.
 */
export const askedOfRegistration = (q = 'q', r = 'r') =>
  `(${q}.ticket_type_ids is null or ${r}.ticket_type_id = any(${q}.ticket_type_ids))`;

/** The columns every question query selects, already shaped as the DTO. Expects `event_questions q`. */
export const questionColumns = `q.id, q.event_id as "eventId", q.key, q.label, q.kind, q.required,
  q.choices, q.min, q.max, to_char(q.earliest, 'YYYY-MM-DD') as earliest,
  to_char(q.latest, 'YYYY-MM-DD') as latest, q.ticket_type_ids::text[] as "ticketTypeIds",
  q.position, q.door_visible as "doorVisible", q.version, q.archived_at is not null as archived,
  (select count(*)::int from registration_answers a where a.question_id = q.id) as "answerCount"`;

/** The event's questions in the order it asks them; archived ones only when asked for. */
export function readQuestions(
  sql: Sql,
  eventId: string,
  includeArchived = false,
): Promise<QuestionDto[]> {
  return sql.many<QuestionDto>(
    `select ${questionColumns} from event_questions q
      where q.event_id = $1 and ($2 or q.archived_at is null)
      order by q.archived_at is not null, q.position, q.id`,
    [eventId, includeArchived],
  );
}

export function readQuestion(sql: Sql, id: string): Promise<QuestionDto | undefined> {
  return sql.one<QuestionDto>(`select ${questionColumns} from event_questions q where q.id = $1`, [
    id,
  ]);
}

/** The questions the event asks now: what answers are held to. */
export async function questionRules(
  sql: Sql,
  eventId: string,
  /** Only those shown at the door: what a walk-in is asked there. */
  { doorVisibleOnly = false } = {},
): Promise<QuestionRule[]> {
  return sql.many<QuestionRule>(
    `select q.id, q.key, q.label, q.kind, q.required, q.choices, q.min, q.max,
            to_char(q.earliest, 'YYYY-MM-DD') as earliest, to_char(q.latest, 'YYYY-MM-DD') as latest,
            q.ticket_type_ids::text[] as "ticketTypeIds"
       from event_questions q
      where q.event_id = $1 and q.archived_at is null and (q.door_visible or not $2)
      order by q.position, q.id`,
    [eventId, doorVisibleOnly],
  );
}

/**
 * Stamps the registrations that answered this question as changed, so door devices pull them
 * again: what they show of the question (its label, whether it shows at all) changed.
 */
export async function restampAnswered(sql: Sql, questionId: string): Promise<void> {
  await sql.run(
    `update event_registrations set updated_at = updated_at
      where id in (select registration_id from registration_answers where question_id = $1)`,
    [questionId],
  );
}
