import type { ColumnMap, ImportTarget } from '@shared/contract/import-mapping';
import { invalid } from '../errors';
import type { CsvRecord } from './csv';
import type { Rejection } from './import-rows';

/**
 * One line of the file, its columns put where the mapping says, before any field is checked
 * (name and email by import-rows.ts, ticket type and answers by import-details.ts).
 */
export interface MappedRow {
  line: number;
  name: string;
  email: string;
  ticketType: string | null;
  /** Question key → the answer's text, for each `question:<key>` column. */
  answers: Record<string, string>;
}

/** Turns a record (not the header) into a mapped row, a rejection, or null for a blank line. */
export type RowPlan = (record: CsvRecord) => MappedRow | Rejection | null;

const isBlank = (record: CsvRecord) =>
  record.fields.length === 1 && record.fields[0]!.trim() === '';

/** Without a mapping: `name,email`, two columns, as the import has always read them. */
export const defaultPlan: RowPlan = (record) => {
  if (isBlank(record)) return null;
  if (record.fields.length !== 2) {
    return {
      line: record.line,
      reason: `Expected 2 columns (name,email), found ${record.fields.length}`,
    };
  }
  const [name, email] = record.fields as [string, string];
  return { line: record.line, name, email, ticketType: null, answers: {} };
};

/**
 * The plan for a file whose first line is its header. Refuses (VALIDATION, on `map`) a mapping
 * that names a column the header lacks, sends two columns to one target, misses a required
 * one (the email, and the name: whole, or first and/or last), or names a question the event does
 * not ask (`questionKeys`: its live questions' keys).
 */
export function mappedPlan(
  header: string[],
  map: ColumnMap,
  questionKeys: ReadonlySet<string>,
): RowPlan {
  const columns = header.map((text) => text.trim().toLowerCase());
  const byTarget = new Map<ImportTarget, { index: number; header: string }>();
  for (const [name, target] of Object.entries(map)) {
    const index = columns.indexOf(name.trim().toLowerCase());
    if (index < 0) {
      const known = header.map((text) => `"${text.trim()}"`).join(', ');
      throw invalid('map', `The file has no column "${name}" (its first line has ${known})`);
    }
    const other = byTarget.get(target);
    if (other) {
      throw invalid('map', `Columns "${other.header}" and "${name}" are both mapped to ${target}`);
    }
    byTarget.set(target, { index, header: name });
  }
  if (!byTarget.has('email')) throw invalid('map', 'Map a column to email');
  const whole = byTarget.get('name');
  const parts = [byTarget.get('firstName'), byTarget.get('lastName')];
  if (!whole && !parts.some(Boolean)) {
    throw invalid('map', 'Map a column to name (or to first name and last name)');
  }
  if (whole && parts.some(Boolean)) {
    throw invalid('map', 'Map either one column to name or columns to first and last name');
  }
  const unknown = [...byTarget.keys()]
    .filter((target) => target.startsWith('question:'))
    .map((target) => target.slice(9))
    .filter((key) => !questionKeys.has(key));
  if (unknown.length > 0) {
    const asked = questionKeys.size ? [...questionKeys].join(', ') : 'none';
    throw invalid(
      'map',
      `This event asks no question with the key ${unknown.map((key) => `"${key}"`).join(', ')} (its keys: ${asked})`,
    );
  }
  const email = byTarget.get('email')!.index;
  const width = header.length;
  return (record) => {
    if (isBlank(record)) return null;
    const { line, fields } = record;
    if (fields.length !== width) {
      return { line, reason: `Expected ${width} columns as in the header, found ${fields.length}` };
    }
    const name = whole
      ? fields[whole.index]!
      : parts
          .map((part) => (part ? fields[part.index]!.trim() : ''))
          .filter(Boolean)
          .join(' ');
    const answers: Record<string, string> = {};
    let ticketType: string | null = null;
    for (const [target, { index }] of byTarget) {
      if (target === 'ticketType') ticketType = fields[index]!;
      else if (target.startsWith('question:')) answers[target.slice(9)] = fields[index]!;
    }
    return { line, name, email: fields[email]!, ticketType, answers };
  };
}
