import { askedOfRegistration } from './question-sql';

/**
 * The attendee list's choice filters as one SQL condition on registration `r`: every filter must
 * match, and within one filter any of its options (a multiple-choice answer matches when it holds
 * any of them; jsonb `?|` tests a string answer and an array's elements alike), and only answers
 * to questions asked of `r`'s ticket type count. Values are bound
 * through `bind`, never spliced.
 */
export function answerFilterSql(
  filters: readonly { questionId: string; choices: readonly string[] }[],
  bind: (value: unknown) => string,
): string {
  return filters
    .map(
      (filter) => `exists (select 1 from registration_answers a
          join event_questions q on q.id = a.question_id
          where a.registration_id = r.id and a.question_id = ${bind(filter.questionId)}::uuid
            and a.value ?| ${bind(filter.choices)}::text[] and ${askedOfRegistration()})`,
    )
    .join(' and ');
}
