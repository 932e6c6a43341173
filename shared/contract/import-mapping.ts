import { z } from 'zod';

/**
 * Where a column of an imported file goes. `ticketType` holds a ticket type's name (any case;
 * blank: the event's first type) and `question:<key>` the answer to the event's question with
 * that key, read as spreadsheets write it (shared/import-answers.ts).
 */
export type ImportTarget =
  'name' | 'firstName' | 'lastName' | 'email' | 'ticketType' | `question:${string}`;

export const importFixedTargets = ['name', 'firstName', 'lastName', 'email', 'ticketType'] as const;

export const importTargetLabels: Record<(typeof importFixedTargets)[number], string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  ticketType: 'Ticket type',
};

const questionTarget = /^question:[A-Za-z0-9_.-]{1,64}$/;

export const importTarget = z.custom<ImportTarget>(
  (value) =>
    typeof value === 'string' &&
    ((importFixedTargets as readonly string[]).includes(value) || questionTarget.test(value)),
  {
    message: `A target is one of ${importFixedTargets.join(', ')} or question:<key>`,
  },
);

/** The file's header text of each mapped column → its target. Columns not named are skipped. */
export const columnMap = z
  .record(z.string().trim().min(1, 'A column name is empty').max(200), importTarget)
  .refine((map) => Object.keys(map).length <= 200, 'At most 200 columns can be mapped');
export type ColumnMap = z.infer<typeof columnMap>;

/**
 * The command line's `--map "Full name=name,E-mail=email"`: pairs split at commas, each at its
 * last `=` (so a header may hold `=`, not a comma). Throws an Error naming the faulty pair.
 */
export function parseMapSpec(spec: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.lastIndexOf('=');
    const header = pair.slice(0, at).trim();
    if (at < 0 || header === '') {
      throw new Error(`--map: "${pair.trim()}" is not COLUMN=TARGET`);
    }
    if (header in map) throw new Error(`--map: column "${header}" is mapped twice`);
    map[header] = pair.slice(at + 1).trim();
  }
  return map;
}

/**
 * An import's progress, pushed to the desktop that runs it: reading the file (lines read), then
 * saving the accepted rows (`saved` of `toSave`).
 */
export interface ImportProgressNote {
  importId: string;
  phase: 'reading' | 'saving';
  lines: number;
  saved: number;
  toSave: number | null;
}
