import type { Sql } from '../db/db';
import type { ImportRow } from './import-rows';
import { newTicketCodes } from './ticket-code';

/*
 * An import's rows wait in a temporary table (gone at commit or rollback) until the whole file
 * has been read: COPY loads them at the server's bulk speed, and the decisions that need every
 * row (duplicates within the file, seats in file order) are then made by set-based SQL, not row
 * by row in this process. Ids and ticket codes are given here, so every later step can refer to
 * a row without reading back what it inserted.
 */

export async function createStaging(sql: Sql): Promise<void> {
  await sql.run(
    `create temp table import_lines (
       line int not null,
       id uuid not null default gen_random_uuid(),
       name text not null,
       email text not null,
       code text not null,
       type_id uuid not null,
       -- Answers by question id, already held to the event's questions; null: none.
       answers jsonb
     ) on commit drop`,
  );
}

// COPY's text format: a backslash, tab or line end inside a value is written as an escape.
const copyEscapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyText = (value: string) => value.replace(/[\\\t\n\r]/g, (c) => copyEscapes[c]!);

/** Loads checked rows with one COPY. */
export async function stageRows(sql: Sql, rows: ImportRow[]): Promise<void> {
  if (rows.length === 0) return;
  const codes = newTicketCodes(rows.length);
  let text = '';
  rows.forEach((row, i) => {
    const answers = Object.keys(row.answers).length ? copyText(JSON.stringify(row.answers)) : '\\N';
    text += `${row.line}\t${copyText(row.name)}\t${copyText(row.email)}\t${codes[i]}\t`;
    text += `${row.ticketTypeId}\t${answers}\n`;
  });
  await sql.copyFrom('copy import_lines (line, name, email, code, type_id, answers) from stdin', [
    text,
  ]);
}
