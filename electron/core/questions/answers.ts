import type { RegistrationAnswers } from '@shared/contract/questions';
import { answerErrors, answersSchema, type Answers, type QuestionRule } from '@shared/questions';
import type { Sql } from '../db/db';
import { AppError } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { askedOfRegistration, questionRules } from './question-sql';

/**
 * Holds raw answers to the event's questions with the shared `answersSchema` (the register
 * dialog's own rule). Field errors come back as `answers.<questionId>`, so a form marks the
 * question that is wrong.
 */
export async function validateAnswers(
  sql: Sql,
  eventId: string,
  ticketTypeId: string | null,
  raw: Record<string, unknown>,
): Promise<Answers> {
  return checkAnswers(await questionRules(sql, eventId), ticketTypeId, raw);
}

/** validateAnswers against given questions: the door's walk-ins answer its visible ones only. */
export function checkAnswers(
  questions: QuestionRule[],
  ticketTypeId: string | null,
  raw: Record<string, unknown>,
): Answers {
  const parsed = answersSchema(questions, ticketTypeId).safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = Object.fromEntries(
    Object.entries(answerErrors(parsed.error)).map(([questionId, message]) => [
      `answers.${questionId}`,
      message,
    ]),
  );
  const first = Object.entries(answerErrors(parsed.error))[0]!;
  const question = questions.find((q) => q.id === first[0]);
  throw new AppError('VALIDATION', `${question?.label ?? 'Answers'}: ${first[1]}`, fields);
}

/**
 * Stores the answers of newly inserted registrations, in the transaction that inserts them. A
 * question removed since the answers were checked is skipped rather than failing the batch.
 */
export async function insertAnswers(
  sql: Sql,
  eventId: string,
  rows: { registrationId: string; answers: Answers | undefined }[],
): Promise<void> {
  const flat = rows.flatMap(({ registrationId, answers }) =>
    Object.entries(answers ?? {}).map(([questionId, value]) => ({
      registrationId,
      questionId,
      value: JSON.stringify(value),
    })),
  );
  if (flat.length === 0) return;
  await sql.run(
    `insert into registration_answers (registration_id, question_id, event_id, value)
     select t.registration_id, t.question_id, $1, t.value
       from unnest($2::uuid[], $3::uuid[], $4::jsonb[]) as t(registration_id, question_id, value)
       join event_questions q on q.id = t.question_id and q.event_id = $1`,
    [
      eventId,
      flat.map((row) => row.registrationId),
      flat.map((row) => row.questionId),
      flat.map((row) => row.value),
    ],
  );
}

/**
 * A registration's answers by question id, to the questions asked of its ticket type (archived
 * questions' too: they are still its answers).
 */
export async function readAnswers(sql: Sql, registrationId: string): Promise<Answers> {
  const rows = await sql.many<{ questionId: string; value: Answers[string] }>(
    `select a.question_id as "questionId", a.value
       from registration_answers a
       join event_questions q on q.id = a.question_id
       join event_registrations r on r.id = a.registration_id
      where a.registration_id = $1 and ${askedOfRegistration()}`,
    [registrationId],
  );
  return Object.fromEntries(rows.map((row) => [row.questionId, row.value]));
}

/**
 * Replaces the answers to the event's live questions asked of the registration's type. Answers to
 * archived questions are kept (nobody can see or change them in the form any more), and so are
 * those to questions of a type it no longer holds (askedOfRegistration).
 */
export async function replaceAnswers(
  sql: Sql,
  eventId: string,
  registrationId: string,
  answers: Answers,
): Promise<void> {
  await sql.run(
    `delete from registration_answers a using event_questions q, event_registrations r
      where a.registration_id = $1 and q.id = a.question_id and q.archived_at is null
        and r.id = a.registration_id and ${askedOfRegistration()}`,
    [registrationId],
  );
  await insertAnswers(sql, eventId, [{ registrationId, answers }]);
}

/**
 * Stores checked answers as the registration's (replaceAnswers) under the event lock the caller
 * holds, bumps its answers version (which also stamps it changed, so door devices pull its
 * answers again) and writes the one audit row of an answers change.
 */
export async function saveAnswers(
  sql: Sql,
  actorId: string,
  eventId: string,
  registrationId: string,
  answers: Answers,
): Promise<RegistrationAnswers> {
  const before = await readAnswers(sql, registrationId);
  await replaceAnswers(sql, eventId, registrationId, answers);
  const { version } = (await sql.one<{ version: number }>(
    `update event_registrations set answers_version = answers_version + 1, updated_at = now()
      where id = $1 returning answers_version as version`,
    [registrationId],
  ))!;
  const after = await readAnswers(sql, registrationId);
  await writeAudit(sql, {
    actorId,
    action: 'answers.save',
    entity: 'registration',
    entityId: registrationId,
    before: { answers: before },
    after: { answers: after },
  });
  return { registrationId, answers: after, version };
}
