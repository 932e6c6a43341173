import { parse } from 'csv-parse/browser/esm/sync';
import {
  importFixedTargets,
  importTargetLabels,
  type ColumnMap,
  type ImportTarget,
} from '@shared/contract/import-mapping';
import type { QuestionDto } from '@shared/questions';

/** The first lines of a file, as the import will read them, for the column picker. */
export interface ImportPreview {
  /** The first line's cells: a header unless it holds an email address. */
  first: string[];
  rows: string[][];
  looksLikeHeader: boolean;
}

// Enough text for a few lines of any realistic file; the rest is left to the core.
const previewChars = 64 * 1024;
const previewRows = 5;

export function previewOf(csv: string): ImportPreview {
  const head = csv.length > previewChars ? csv.slice(0, csv.lastIndexOf('\n', previewChars)) : csv;
  const records = parse(head, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    to_line: previewRows + 1,
  }) as string[][];
  const [first = [], ...rows] = records;
  return { first, rows, looksLikeHeader: !first.some((cell) => cell.includes('@')) };
}

/** What the picker needs of each question the event asks: its key and its label. */
export type ImportQuestion = Pick<QuestionDto, 'key' | 'label'>;

const normalized = (text: string) => text.trim().toLowerCase();

/**
 * What a column's header most likely means; '' skips the column. A header naming one of the
 * event's questions (by label or key) goes to its answers.
 */
export function guessTarget(header: string, questions: ImportQuestion[] = []): ImportTarget | '' {
  const text = normalized(header);
  const question = questions.find(
    (q) => normalized(q.label) === text || normalized(q.key) === text,
  );
  if (question) return `question:${question.key}`;
  if (/e-?mail/.test(text)) return 'email';
  if (/ticket|type/.test(text)) return 'ticketType';
  if (/first|given|fore/.test(text)) return 'firstName';
  if (/last|family|sur/.test(text)) return 'lastName';
  if (/name/.test(text)) return 'name';
  return '';
}

/** The picker's choices: skip, the fixed targets, then the answers to each of the event's questions. */
export function targetOptions(questions: ImportQuestion[]) {
  return [
    { value: '', label: 'Skip this column' },
    ...importFixedTargets.map((target) => ({ value: target, label: importTargetLabels[target] })),
    ...questions.map((question) => ({
      value: `question:${question.key}`,
      label: `Answer: ${question.label}`,
    })),
  ];
}

/** The mapping the core is sent: each header with a target. */
export function columnMapOf(header: string[], targets: (ImportTarget | '')[]): ColumnMap {
  const map: ColumnMap = {};
  header.forEach((text, i) => {
    const target = targets[i];
    if (target && text.trim()) map[text.trim()] = target;
  });
  return map;
}
