import type { QuestionDto } from '@shared/questions';
import type { Sql } from '../db/db';
import { AppError } from '../errors';

/**
 * A question's new settings may not strand the answers already given: its kind stays while
 * anyone has answered, and an option someone chose stays in the list. Bounds and the required
 * flag may tighten; they apply to answers given or edited from then on.
 */
export async function assertSettingsKeepAnswers(
  sql: Sql,
  before: QuestionDto,
  after: { kind: QuestionDto['kind']; choices: string[] },
): Promise<void> {
  if (before.answerCount === 0) return;
  if (after.kind !== before.kind) {
    throw new AppError(
      'CONFLICT',
      `${before.answerCount} registrations answered this question; its kind cannot change`,
      { kind: 'Already answered: the kind cannot change' },
    );
  }
  const removed = before.choices.filter((choice) => !after.choices.includes(choice));
  if (removed.length === 0) return;
  const used = await sql.many<{ choice: string }>(
    `select distinct c.choice from registration_answers a, unnest($2::text[]) as c(choice)
      where a.question_id = $1 and a.value ? c.choice`,
    [before.id, removed],
  );
  if (used.length > 0) {
    const list = used.map((row) => `"${row.choice}"`).join(', ');
    throw new AppError('CONFLICT', `Registrations chose ${list}; keep those options`, {
      choices: `Still chosen: ${list}`,
    });
  }
}
