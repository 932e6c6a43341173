import { email, personName } from '@shared/contract/fields';
import type { CsvRecord } from './csv';

export interface ImportRow {
  line: number;
  name: string;
  email: string;
}

export interface Rejection {
  line: number;
  reason: string;
}

// PostgreSQL text cannot hold NUL, and no other control character belongs in a name.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f]/;

/** Whether the file's first record is the optional `name,email` header. */
export function isHeader(record: CsvRecord): boolean {
  const [first, second] = record.fields.map((field) => field.trim().toLowerCase());
  return record.line === 1 && first === 'name' && second === 'email';
}

/**
 * One record checked on its own: a row to insert, a rejection with a reason a person can act on,
 * or null for a blank line. Uses the same field rules as registering one attendee by hand.
 * Duplicates (within the file or with the event) are judged later, against the database.
 */
export function checkRecord({ line, fields }: CsvRecord): ImportRow | Rejection | null {
  if (fields.length === 1 && fields[0]!.trim() === '') return null;
  if (fields.length !== 2) {
    return { line, reason: `Expected 2 columns (name,email), found ${fields.length}` };
  }
  const name = personName.safeParse(fields[0]);
  if (!name.success) return { line, reason: `Name: ${name.error.issues[0]!.message}` };
  if (controlCharacter.test(name.data)) {
    return { line, reason: 'Name: contains a control character (such as NUL)' };
  }
  const address = email.safeParse(fields[1]);
  if (!address.success) return { line, reason: `Email: ${address.error.issues[0]!.message}` };
  return { line, name: name.data, email: address.data };
}
