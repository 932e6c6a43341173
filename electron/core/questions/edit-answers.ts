import { appliesTo, type Answers } from '@shared/questions';
import type { Sql } from '../db/db';
import { AppError } from '../errors';
import { validateAnswers } from './answers';
import { questionRules } from './question-sql';

/**
 * The answers a registration edit leaves it with once it holds `ticketTypeId`, checked before
 * the edit writes anything. Answers the edit supplies are held to that type's questions, like
 * answers.save's, and returned for saveAnswers. Without them the answers it holds stay: each
 * required question of the type must already have one (VALIDATION naming the first that has
 * not). Those answers were checked when given; a bound tightened since applies only to answers
 * given or edited from then on, so they are not checked again.
 */
export async function checkEditAnswers(
  sql: Sql,
  eventId: string,
  registrationId: string,
  ticketTypeId: string,
  supplied: Record<string, unknown> | undefined,
): Promise<Answers | undefined> {
  if (supplied) return validateAnswers(sql, eventId, ticketTypeId, supplied);
  const questions = await questionRules(sql, eventId);
  const held = new Set(
    (
      await sql.many<{ questionId: string }>(
        'select question_id as "questionId" from registration_answers where registration_id = $1',
        [registrationId],
      )
    ).map((row) => row.questionId),
  );
  const missing = questions.find(
    (question) => question.required && appliesTo(question, ticketTypeId) && !held.has(question.id),
  );
  if (missing) {
    throw new AppError(
      'VALIDATION',
      `${missing.label}: this question is required for the new ticket type; answer it with the change`,
      { [`answers.${missing.id}`]: 'This question is required' },
    );
  }
  return undefined;
}
