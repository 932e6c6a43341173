import { z } from 'zod';

// Custom questions an event asks at registration, and the one rule for their answers: the
// register dialog, the core's register and answers.save paths and the import all validate with
// `answersSchema`, so an answer the dialog accepts is the answer the core stores.

export const questionKinds = [
  'text',
  'longText',
  'singleChoice',
  'multipleChoice',
  'yesNo',
  'number',
  'date',
] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const choiceKinds: readonly QuestionKind[] = ['singleChoice', 'multipleChoice'];

export const textAnswerMax = { text: 500, longText: 5_000 } as const;

/** What validating an answer needs to know about its question. */
export interface QuestionRule {
  id: string;
  key: string;
  label: string;
  kind: QuestionKind;
  required: boolean;
  /** The options of a choice question, in order; empty for other kinds. */
  choices: string[];
  /** Number questions: inclusive bounds. */
  min: number | null;
  max: number | null;
  /** Date questions: inclusive bounds, YYYY-MM-DD. */
  earliest: string | null;
  latest: string | null;
  /** Asked only of these ticket types; null asks everyone. */
  ticketTypeIds: string[] | null;
}

export interface QuestionDto extends QuestionRule {
  eventId: string;
  position: number;
  /** Shown with the door's verdict and copied to door devices; the others never leave the server. */
  doorVisible: boolean;
  version: number;
  /** Registrations holding an answer to it (an answered question is archived, not deleted). */
  answerCount: number;
  archived: boolean;
}

export type AnswerValue = string | string[] | boolean | number;
/** Answers by question id; an unanswered question has no entry. */
export type Answers = Record<string, AnswerValue>;

/** A door-visible answer as door devices receive it. */
export interface DoorAnswer {
  label: string;
  kind: QuestionKind;
  value: AnswerValue;
}

/** Whether `question` is asked of a registration with this ticket type. */
export const appliesTo = (
  question: Pick<QuestionRule, 'ticketTypeIds'>,
  ticketTypeId: string | null,
) =>
  question.ticketTypeIds === null ||
  (ticketTypeId !== null && question.ticketTypeIds.includes(ticketTypeId));

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day between the years 1900 and 9999 (PostgreSQL's and the pickers' range). */
export function isCalendarDate(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

const noNul = (value: string) => !value.includes('\u0000');

/** The schema of one question's answer, once given (emptiness is decided before). */
function valueSchema(question: QuestionRule): z.ZodType<AnswerValue> {
  switch (question.kind) {
    case 'text':
    case 'longText': {
      const max = textAnswerMax[question.kind];
      return z
        .string({ message: 'Enter text' })
        .trim()
        .max(max, `At most ${max.toLocaleString('en')} characters`)
        .refine(noNul, 'Remove the invisible NUL character');
    }
    case 'singleChoice':
      return z
        .string({ message: 'Choose one option' })
        .refine((value) => question.choices.includes(value), 'Choose one of the options');
    case 'multipleChoice':
      return (
        z
          .array(z.string(), { message: 'Choose options from the list' })
          .refine(
            (values) => values.every((value) => question.choices.includes(value)),
            'Choose only options from the list',
          )
          .refine((values) => new Set(values).size === values.length, 'Choose each option once')
          // Stored in the question's order, so equal answers compare equal.
          .transform((values) => question.choices.filter((choice) => values.includes(choice)))
      );
    case 'yesNo':
      return z.boolean({ message: 'Answer yes or no' });
    case 'number': {
      let schema = z.number({ message: 'Enter a number' }).finite('Enter a number');
      if (question.min !== null) schema = schema.min(question.min, `At least ${question.min}`);
      if (question.max !== null) schema = schema.max(question.max, `At most ${question.max}`);
      return schema;
    }
    case 'date':
      return z.string({ message: 'Enter a date' }).superRefine((value, ctx) => {
        const problem = !isCalendarDate(value)
          ? 'Enter a date as YYYY-MM-DD'
          : question.earliest !== null && value < question.earliest
            ? `On or after ${question.earliest}`
            : question.latest !== null && value > question.latest
              ? `On or before ${question.latest}`
              : null;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      });
  }
}

/** Nothing given: no entry, null, blank text or no option chosen. */
export const isUnanswered = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/**
 * The schema of a registration's answers: keyed by question id, every required question that
 * applies to `ticketTypeId` answered, each answer of its kind, and nothing for a question the
 * event does not ask of that type. Output: the answers to store, blanks dropped.
 */
export function answersSchema(questions: QuestionRule[], ticketTypeId: string | null) {
  const byId = new Map(questions.map((question) => [question.id, question]));
  // Built once per schema, not per parse: an import parses a schema once per row.
  const valueSchemas = new Map(questions.map((question) => [question.id, valueSchema(question)]));
  return z.record(z.string(), z.unknown()).transform((input, ctx) => {
    const answers: Answers = {};
    for (const [questionId, value] of Object.entries(input)) {
      const question = byId.get(questionId);
      if (!question) {
        ctx.addIssue({
          code: 'custom',
          path: [questionId],
          message: 'Not a question of this event',
        });
      } else if (!appliesTo(question, ticketTypeId) && !isUnanswered(value)) {
        ctx.addIssue({
          code: 'custom',
          path: [questionId],
          message: 'This question is not asked for this ticket type',
        });
      }
    }
    for (const question of questions) {
      if (!appliesTo(question, ticketTypeId)) continue;
      const value = input[question.id];
      if (isUnanswered(value)) {
        if (question.required) {
          ctx.addIssue({
            code: 'custom',
            path: [question.id],
            message: 'This question is required',
          });
        }
        continue;
      }
      const parsed = valueSchemas.get(question.id)!.safeParse(value);
      if (parsed.success) answers[question.id] = parsed.data;
      else {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: 'custom', path: [question.id], message: issue.message });
        }
      }
    }
    return answers;
  });
}

/** Field errors by question id, from a failed `answersSchema` parse. */
export function answerErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    fields[key] ??= issue.message;
  }
  return fields;
}

/** How an answer reads to people: on the door's verdict, in exports, on the attendee. */
export function answerText(kind: QuestionKind, value: AnswerValue): string {
  if (kind === 'yesNo') return value === true ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/**
 * The door's line for one attendee: choice and text answers as they are ("vegetarian"), a yes
 * as the question's label ("Wheelchair access"), a no left out, numbers and dates with their
 * label. Joined with the ticket type's name by the verdict: doorLine below.
 */
export function doorAnswerTexts(answers: DoorAnswer[]): string[] {
  return answers.flatMap(({ label, kind, value }) => {
    if (kind === 'yesNo') return value === true ? [label] : [];
    if (kind === 'number' || kind === 'date') return [`${label}: ${answerText(kind, value)}`];
    return [answerText(kind, value)];
  });
}

/**
 * What the door shows under the attendee's name with the verdict and in search hits: the ticket
 * type's name, then the door-visible answers, e.g. "VIP · vegetarian · Wheelchair access" (issue
 * 15). Null when there is nothing to show.
 */
export function doorLine(attendee: {
  ticketType?: string;
  doorAnswers?: DoorAnswer[];
}): string | null {
  const texts = [
    ...(attendee.ticketType ? [attendee.ticketType] : []),
    ...doorAnswerTexts(attendee.doorAnswers ?? []),
  ];
  return texts.length > 0 ? texts.join(' · ') : null;
}
