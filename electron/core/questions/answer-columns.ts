import type { Sql } from '../db/db';
import { invalid } from '../errors';
import { askedOfRegistration } from './question-sql';

/** An export's answer column: its question, and the header the file gives it. */
export interface AnswerColumn {
  questionId: string;
  header: string;
}

/**
 * The questions an export asked for, with their labels as headers (archived ones too: their
 * answers are still the registrations' records). One not of this event is VALIDATION.
 */
export async function answerColumns(
  sql: Sql,
  eventId: string,
  questionIds: readonly string[],
): Promise<AnswerColumn[]> {
  if (questionIds.length === 0) return [];
  const rows = await sql.many<{ id: string; label: string }>(
    'select id, label from event_questions where event_id = $1 and id = any($2::uuid[])',
    [eventId, questionIds],
  );
  const labels = new Map(rows.map((row) => [row.id, row.label]));
  if (labels.size !== questionIds.length) {
    throw invalid('answerColumns', 'Choose questions of this event');
  }
  return questionIds.map((questionId) => ({ questionId, header: labels.get(questionId)! }));
}

/**
 * One answer as a cell's text, the way people read it: options joined with ", ", yes/no as
 * Yes/No, numbers and dates as written. The question is the `index`-th (1-based) of the uuid
 * array bound as `param`; registration `r`. Blank when the question is not asked of `r`'s type.
 * Formula safety is the sinks' (csv.ts, xlsx.ts).
 */
export const answerCellSql = (param: string, index: number) => `(
    select case jsonb_typeof(a.value)
             when 'array' then (select string_agg(x, ', ') from jsonb_array_elements_text(a.value) x)
             when 'boolean' then case when a.value = 'true'::jsonb then 'Yes' else 'No' end
             else a.value #>> '{}' end
      from registration_answers a join event_questions q on q.id = a.question_id
     where a.registration_id = r.id and a.question_id = (${param}::uuid[])[${index}]
       and ${askedOfRegistration()}
  )`;
