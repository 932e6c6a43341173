import { z } from 'zod';
import { isCalendarDate, questionKinds, type Answers, type QuestionDto } from '../questions';
import { defineChannel } from './define';
import { id, text } from './fields';

// Custom questions of an event (asked at registration) and a registration's answers to them.

const label = text().trim().min(1, 'Give the question a label').max(200, 'At most 200 characters');
const key = text()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,59}$/, 'Use lower-case letters, digits, - and _ (at most 60)');
const choice = text().trim().min(1, 'An option cannot be empty').max(200, 'At most 200 characters');
const bound = z.number().finite().nullable();
const day = z.string().refine(isCalendarDate, 'Enter a date as YYYY-MM-DD').nullable();
const version = z.number().int().min(1);

/** A question's settings as the editor sends them; the rules between fields are checked below. */
const questionShape = {
  label,
  kind: z.enum(questionKinds, { message: `Kind must be one of: ${questionKinds.join(', ')}` }),
  required: z.boolean(),
  choices: z.array(choice).max(100, 'At most 100 options'),
  min: bound,
  max: bound,
  earliest: day,
  latest: day,
  /** null asks every ticket type; otherwise at least one type. */
  ticketTypeIds: z.array(id).min(1, 'Choose at least one ticket type, or all').max(100).nullable(),
  doorVisible: z.boolean(),
};

type QuestionShape = { [K in keyof typeof questionShape]: z.output<(typeof questionShape)[K]> };

/** Rules between a question's fields; the editor shows the same messages before saving. */
export function checkQuestion(q: QuestionShape, ctx: z.RefinementCtx) {
  const isChoice = q.kind === 'singleChoice' || q.kind === 'multipleChoice';
  if (isChoice && q.choices.length < 2) {
    ctx.addIssue({ code: 'custom', path: ['choices'], message: 'Give at least two options' });
  }
  if (!isChoice && q.choices.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['choices'],
      message: 'Only choice questions have options',
    });
  }
  const lowered = q.choices.map((c) => c.toLowerCase());
  if (new Set(lowered).size !== lowered.length) {
    ctx.addIssue({ code: 'custom', path: ['choices'], message: 'Each option must differ' });
  }
  if (q.kind !== 'number' && (q.min !== null || q.max !== null)) {
    ctx.addIssue({ code: 'custom', path: ['min'], message: 'Only number questions have bounds' });
  }
  if (q.min !== null && q.max !== null && q.min > q.max) {
    ctx.addIssue({ code: 'custom', path: ['max'], message: 'The maximum is below the minimum' });
  }
  if (q.kind !== 'date' && (q.earliest !== null || q.latest !== null)) {
    ctx.addIssue({ code: 'custom', path: ['earliest'], message: 'Only date questions have dates' });
  }
  if (q.earliest !== null && q.latest !== null && q.earliest > q.latest) {
    ctx.addIssue({
      code: 'custom',
      path: ['latest'],
      message: 'The latest date is before the earliest',
    });
  }
  if (q.ticketTypeIds && new Set(q.ticketTypeIds).size !== q.ticketTypeIds.length) {
    ctx.addIssue({ code: 'custom', path: ['ticketTypeIds'], message: 'Each ticket type once' });
  }
}

export const questionFields = z.strictObject(questionShape).superRefine(checkQuestion);
export type QuestionFields = z.input<typeof questionFields>;

export interface DeleteQuestionResult {
  /** 'archived' when registrations had answered it: kept with its answers, no longer asked. */
  outcome: 'deleted' | 'archived';
  question: QuestionDto;
}

export interface RegistrationAnswers {
  registrationId: string;
  answers: Answers;
  /** Pass back to answers.save: a stale one gets CONFLICT. */
  version: number;
}

/** Raw answers by question id; the core holds them to the event's `answersSchema`. */
export const answersInput = z.record(id, z.unknown());

/** One choice filter: attendees whose answer to the question includes any of `choices`. */
export const answerFilter = z.strictObject({
  questionId: id,
  choices: z.array(z.string().max(200)).min(1, 'Choose at least one option').max(100),
});
export const answerFilters = z.array(answerFilter).max(10, 'At most 10 answer filters');

export const questionsChannels = {
  /** The event's questions in order; archived ones too when asked (for exports). */
  'questions.list': defineChannel<QuestionDto[]>()(
    'organizer',
    z.strictObject({ eventId: id, includeArchived: z.boolean().default(false) }),
  ),
  'questions.create': defineChannel<QuestionDto>()(
    'organizer',
    z
      .strictObject({ eventId: id, key: key.optional(), ...questionShape })
      .superRefine(checkQuestion),
  ),
  /** Replaces the settings (not the key). A stale `version` gets CONFLICT. */
  'questions.update': defineChannel<QuestionDto>()(
    'organizer',
    z.strictObject({ id, version, ...questionShape }).superRefine(checkQuestion),
  ),
  /** The event's live questions in their new order, each with the version the editor saw. */
  'questions.reorder': defineChannel<QuestionDto[]>()(
    'organizer',
    z.strictObject({
      eventId: id,
      order: z
        .array(z.strictObject({ id, version }))
        .min(1)
        .max(500)
        .refine(
          (list) => new Set(list.map((q) => q.id)).size === list.length,
          'Each question once',
        ),
    }),
  ),
  'questions.delete': defineChannel<DeleteQuestionResult>()(
    'organizer',
    z.strictObject({ id, version }),
  ),
  'answers.get': defineChannel<RegistrationAnswers>()(
    'organizer',
    z.strictObject({ registrationId: id }),
  ),
  /** Replaces a registration's answers; the same rules as at registration. */
  'answers.save': defineChannel<RegistrationAnswers>()(
    'organizer',
    z.strictObject({
      registrationId: id,
      version: z.number().int().min(0),
      answers: answersInput,
    }),
  ),
};
