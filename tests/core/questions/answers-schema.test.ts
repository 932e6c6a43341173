import { describe, expect, it } from 'vitest';
import {
  answersSchema,
  doorAnswerTexts,
  type QuestionKind,
  type QuestionRule,
} from '@shared/questions';
import { normalizeImportedAnswers } from '@shared/import-answers';

const TYPE_VIP = '11111111-1111-4111-8111-111111111111';
const TYPE_STANDARD = '22222222-2222-4222-8222-222222222222';

let n = 0;
function question(kind: QuestionKind, overrides: Partial<QuestionRule> = {}): QuestionRule {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    key: `q${n}`,
    label: `Question ${n}`,
    kind,
    required: false,
    choices: [],
    min: null,
    max: null,
    earliest: null,
    latest: null,
    ticketTypeIds: null,
    ...overrides,
  };
}

const parse = (
  questions: QuestionRule[],
  input: Record<string, unknown>,
  type: string | null = null,
) => answersSchema(questions, type).safeParse(input);

const errorsOf = (result: ReturnType<typeof parse>) =>
  result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path[0], i.message]));

describe('answersSchema, kind by kind', () => {
  it('text: trimmed, capped at 500 characters, no NUL', () => {
    const q = question('text');
    expect(parse([q], { [q.id]: '  Acme Ltd ' })).toEqual({
      success: true,
      data: { [q.id]: 'Acme Ltd' },
    });
    expect(errorsOf(parse([q], { [q.id]: 'x'.repeat(501) }))).toEqual({
      [q.id]: 'At most 500 characters',
    });
    expect(errorsOf(parse([q], { [q.id]: 'a\u0000b' }))[q.id]).toMatch(/NUL/);
    expect(errorsOf(parse([q], { [q.id]: 12 }))[q.id]).toBe('Enter text');
  });

  it('long text: up to 5,000 characters', () => {
    const q = question('longText');
    expect(parse([q], { [q.id]: 'y'.repeat(5_000) }).success).toBe(true);
    expect(errorsOf(parse([q], { [q.id]: 'y'.repeat(5_001) }))[q.id]).toBe(
      'At most 5,000 characters',
    );
  });

  it('single choice: one of the options, exactly', () => {
    const q = question('singleChoice', { choices: ['none', 'vegetarian', 'vegan'] });
    expect(parse([q], { [q.id]: 'vegan' })).toEqual({ success: true, data: { [q.id]: 'vegan' } });
    expect(errorsOf(parse([q], { [q.id]: 'pescatarian' }))[q.id]).toBe('Choose one of the options');
    expect(errorsOf(parse([q], { [q.id]: ['vegan'] }))[q.id]).toBe('Choose one option');
  });

  it('multiple choice: options from the list, each once, stored in the list order', () => {
    const q = question('multipleChoice', { choices: ['Mon', 'Tue', 'Wed'] });
    expect(parse([q], { [q.id]: ['Wed', 'Mon'] })).toEqual({
      success: true,
      data: { [q.id]: ['Mon', 'Wed'] },
    });
    expect(errorsOf(parse([q], { [q.id]: ['Mon', 'Sun'] }))[q.id]).toBe(
      'Choose only options from the list',
    );
    expect(errorsOf(parse([q], { [q.id]: ['Mon', 'Mon'] }))[q.id]).toBe('Choose each option once');
    expect(errorsOf(parse([q], { [q.id]: 'Mon' }))[q.id]).toBe('Choose options from the list');
  });

  it('yes/no: a boolean, and a required one is answered by either', () => {
    const q = question('yesNo', { required: true });
    expect(parse([q], { [q.id]: false })).toEqual({ success: true, data: { [q.id]: false } });
    expect(errorsOf(parse([q], { [q.id]: 'yes' }))[q.id]).toBe('Answer yes or no');
    expect(errorsOf(parse([q], {}))[q.id]).toBe('This question is required');
  });

  it('number: finite, within the bounds', () => {
    const q = question('number', { min: 1, max: 4 });
    expect(parse([q], { [q.id]: 2.5 }).success).toBe(true);
    expect(errorsOf(parse([q], { [q.id]: 0 }))[q.id]).toBe('At least 1');
    expect(errorsOf(parse([q], { [q.id]: 5 }))[q.id]).toBe('At most 4');
    expect(errorsOf(parse([q], { [q.id]: '3' }))[q.id]).toBe('Enter a number');
    expect(errorsOf(parse([q], { [q.id]: Number.POSITIVE_INFINITY }))[q.id]).toBeDefined();
  });

  it('date: a real calendar day, within the range', () => {
    const q = question('date', { earliest: '2026-01-01', latest: '2026-12-31' });
    expect(parse([q], { [q.id]: '2026-02-28' }).success).toBe(true);
    expect(errorsOf(parse([q], { [q.id]: '2026-02-30' }))[q.id]).toBe('Enter a date as YYYY-MM-DD');
    expect(errorsOf(parse([q], { [q.id]: '2025-12-31' }))[q.id]).toBe('On or after 2026-01-01');
    expect(errorsOf(parse([q], { [q.id]: '2027-01-01' }))[q.id]).toBe('On or before 2026-12-31');
    expect(errorsOf(parse([q], { [q.id]: '26-1-1' }))[q.id]).toBe('Enter a date as YYYY-MM-DD');
  });
});

describe('answersSchema, required and per ticket type', () => {
  const diet = question('singleChoice', { required: true, choices: ['none', 'vegetarian'] });
  const table = question('text', { required: true, ticketTypeIds: [TYPE_VIP] });
  const note = question('longText');

  it('requires every required question that applies, and treats blanks as unanswered', () => {
    expect(errorsOf(parse([diet, note], { [diet.id]: '  ', [note.id]: '' }))).toEqual({
      [diet.id]: 'This question is required',
    });
    expect(parse([diet, note], { [diet.id]: 'none', [note.id]: '' })).toEqual({
      success: true,
      data: { [diet.id]: 'none' },
    });
  });

  it('asks a per-type question of that type only', () => {
    const all = [diet, table];
    expect(errorsOf(parse(all, { [diet.id]: 'none' }, TYPE_VIP))).toEqual({
      [table.id]: 'This question is required',
    });
    expect(parse(all, { [diet.id]: 'none' }, TYPE_STANDARD).success).toBe(true);
    expect(errorsOf(parse(all, { [diet.id]: 'none', [table.id]: 'T4' }, TYPE_STANDARD))).toEqual({
      [table.id]: 'This question is not asked for this ticket type',
    });
    // No ticket type at all: only the questions asked of everyone.
    expect(parse(all, { [diet.id]: 'none' }, null).success).toBe(true);
  });

  it('refuses answers to questions the event does not have', () => {
    const stranger = '99999999-9999-4999-8999-999999999999';
    expect(errorsOf(parse([note], { [stranger]: 'x' }))).toEqual({
      [stranger]: 'Not a question of this event',
    });
  });
});

describe('normalizeImportedAnswers (the import hook)', () => {
  const diet = question('singleChoice', { key: 'diet', choices: ['none', 'Vegetarian'] });
  const days = question('multipleChoice', { key: 'days', choices: ['Day 1', 'Day 2'] });
  const chair = question('yesNo', { key: 'wheelchair', label: 'Wheelchair access' });
  const guests = question('number', { key: 'guests', min: 0, max: 3 });
  const born = question('date', { key: 'born' });
  const all = [diet, days, chair, guests, born];

  it('reads cells the way spreadsheets write them', () => {
    expect(
      normalizeImportedAnswers(all, null, {
        diet: 'vegetarian',
        days: 'day 2; Day 1',
        wheelchair: 'Yes',
        guests: '1,0',
        born: '1990-05-17',
      }),
    ).toEqual({
      ok: true,
      answers: {
        [diet.id]: 'Vegetarian',
        [days.id]: ['Day 1', 'Day 2'],
        [chair.id]: true,
        [guests.id]: 1,
        [born.id]: '1990-05-17',
      },
    });
    expect(normalizeImportedAnswers(all, null, { wheelchair: 'n', diet: '' })).toEqual({
      ok: true,
      answers: { [chair.id]: false },
    });
  });

  it('names the question and the problem of a bad cell', () => {
    expect(normalizeImportedAnswers(all, null, { guests: 'lots' })).toEqual({
      ok: false,
      reason: `${guests.label}: Enter a number`,
    });
    expect(normalizeImportedAnswers(all, null, { diet: 'carnivore' })).toEqual({
      ok: false,
      reason: `${diet.label}: Choose one of the options`,
    });
    expect(normalizeImportedAnswers(all, null, { shoe: '42' })).toEqual({
      ok: false,
      reason: 'No question "shoe" in this event',
    });
  });
});

describe('doorAnswerTexts', () => {
  it('shows choices as they are, a yes as its label, a no not at all', () => {
    expect(
      doorAnswerTexts([
        { label: 'Diet', kind: 'singleChoice', value: 'vegetarian' },
        { label: 'Wheelchair access', kind: 'yesNo', value: true },
        { label: 'Needs parking', kind: 'yesNo', value: false },
        { label: 'Guests', kind: 'number', value: 2 },
      ]),
    ).toEqual(['vegetarian', 'Wheelchair access', 'Guests: 2']);
  });
});
