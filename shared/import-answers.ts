import { answersSchema, type Answers, type QuestionRule } from './questions';

// The import's hook: a CSV row's cells mapped to `question:<key>` targets become answers, read
// from text the way people type them into spreadsheets, then held to the same `answersSchema` as
// a registration. Pure, so the import can call it once per row without a database round trip.

const yes = new Set(['yes', 'y', 'true', '1', 'ja', 'oui', 'si', 'sí', 'x']);
const no = new Set(['no', 'n', 'false', '0', 'nein', 'non']);

/** Where a multiple-choice cell separates its options (commas may sit inside an option). */
const optionSeparator = /\s*[;|]\s*/;

const matchChoice = (choices: string[], cell: string) =>
  choices.find((choice) => choice.toLowerCase() === cell.trim().toLowerCase()) ?? cell.trim();

function readCell(question: QuestionRule, cell: string): unknown {
  const trimmed = cell.trim();
  if (trimmed === '') return undefined;
  switch (question.kind) {
    case 'yesNo': {
      const word = trimmed.toLowerCase();
      if (yes.has(word)) return true;
      if (no.has(word)) return false;
      return trimmed; // refused by the schema as "Answer yes or no"
    }
    case 'number': {
      // "1,5" in a European spreadsheet is one and a half; thousands separators are not guessed.
      const number = Number(trimmed.replace(',', '.'));
      return /^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/.test(trimmed) ? number : trimmed;
    }
    case 'singleChoice':
      return matchChoice(question.choices, trimmed);
    case 'multipleChoice':
      return trimmed
        .split(optionSeparator)
        .filter(Boolean)
        .map((part) => matchChoice(question.choices, part));
    default:
      return trimmed;
  }
}

export type ImportedAnswers = { ok: true; answers: Answers } | { ok: false; reason: string };

/**
 * One row's answers, from its cells keyed by question key (the `question:<key>` mapping targets).
 * A failure names the question and says what is wrong, for the import's rejected-line report.
 */
export function normalizeImportedAnswers(
  questions: QuestionRule[],
  ticketTypeId: string | null,
  cells: Record<string, string>,
): ImportedAnswers {
  return importedAnswersReader(questions)(ticketTypeId, cells);
}

/**
 * normalizeImportedAnswers for the many rows of one file: the questions are indexed and each
 * ticket type's schema built once, not per row (building one costs far more than using it).
 */
export function importedAnswersReader(questions: QuestionRule[]) {
  const byKey = new Map(questions.map((question) => [question.key, question]));
  const schemas = new Map<string | null, ReturnType<typeof answersSchema>>();
  const schemaFor = (ticketTypeId: string | null) => {
    let schema = schemas.get(ticketTypeId);
    if (!schema) schemas.set(ticketTypeId, (schema = answersSchema(questions, ticketTypeId)));
    return schema;
  };
  return (ticketTypeId: string | null, cells: Record<string, string>): ImportedAnswers => {
    const input: Record<string, unknown> = {};
    for (const [key, cell] of Object.entries(cells)) {
      const question = byKey.get(key);
      if (!question) return { ok: false, reason: `No question "${key}" in this event` };
      input[question.id] = readCell(question, cell);
    }
    const parsed = schemaFor(ticketTypeId).safeParse(input);
    if (parsed.success) return { ok: true, answers: parsed.data };
    const issue = parsed.error.issues[0]!;
    const question = questions.find((q) => q.id === issue.path[0]);
    return { ok: false, reason: `${question?.label ?? 'Answer'}: ${issue.message}` };
  };
}
