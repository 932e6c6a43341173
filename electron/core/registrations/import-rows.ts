import { email, personName } from '@shared/contract/fields';
import type { CsvRecord } from './csv';
import type { MappedRow } from './import-mapping';
import type { RowDetails } from './import-details';

export interface ImportRow extends RowDetails {
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
 * One mapped row checked on its own: a row to insert, or a rejection with a reason a person can
 * act on. Uses the same field rules as registering one attendee by hand; `details` checks its
 * ticket type and answers (import-details.ts). Duplicates (within the file or with the event) are
 * judged later, against the database.
 */
export function checkRow(
  row: MappedRow,
  details: (row: MappedRow) => RowDetails | Rejection,
): ImportRow | Rejection {
  const { line, name: rawName, email: rawEmail } = row;
  const name = personName.safeParse(rawName);
  if (!name.success) return { line, reason: `Name: ${name.error.issues[0]!.message}` };
  if (controlCharacter.test(name.data)) {
    return { line, reason: 'Name: contains a control character (such as NUL)' };
  }
  const address = email.safeParse(rawEmail);
  if (!address.success) return { line, reason: `Email: ${address.error.issues[0]!.message}` };
  const checked = details(row);
  if ('reason' in checked) return checked;
  return { line, name: name.data, email: address.data, ...checked };
}
