import { email, personName } from '@shared/contract/fields';
import { parseCsv } from './csv';

export interface ImportRow {
  line: number;
  name: string;
  email: string;
}

export interface CheckedRows {
  rows: ImportRow[];
  rejected: { line: number; reason: string }[];
}

/**
 * Turns the file into rows to insert and rows refused, each with its line and a reason a person
 * can act on. Uses the same field rules as registering one attendee by hand.
 */
export function checkImportRows(csv: string): CheckedRows {
  const records = parseCsv(csv);
  const rows: ImportRow[] = [];
  const rejected: CheckedRows['rejected'] = [];
  const firstLineOf = new Map<string, number>();
  const header = records[0]?.fields.map((f) => f.trim().toLowerCase());
  const start = header?.[0] === 'name' && header[1] === 'email' ? 1 : 0;
  for (const { line, fields } of records.slice(start)) {
    if (fields.length !== 2) {
      rejected.push({ line, reason: `Expected 2 columns (name,email), found ${fields.length}` });
      continue;
    }
    const name = personName.safeParse(fields[0]);
    const address = email.safeParse(fields[1]);
    if (!name.success || !address.success) {
      const issue = (!name.success ? name : address).error!.issues[0]!;
      rejected.push({ line, reason: `${!name.success ? 'Name' : 'Email'}: ${issue.message}` });
      continue;
    }
    const key = address.data.toLowerCase();
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      rejected.push({ line, reason: `${address.data} is already on line ${first}` });
      continue;
    }
    firstLineOf.set(key, line);
    rows.push({ line, name: name.data, email: address.data });
  }
  return { rows, rejected };
}
