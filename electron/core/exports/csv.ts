import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Cell } from './attendee-query';
import { roomOn, type ExportLayout, type RowSink } from './sink';

// Spreadsheets run a cell that starts with one of these as a formula ("CSV injection", OWASP).
const formulaStart = /^[=+\-@\t\r]/;
// Anything that needs work: most fields need none and cost this one test.
const special = /^[=+\-@\t\r]|[",\r\n]/;

/** One RFC 4180 field; a formula-looking text gets a leading apostrophe, which Excel hides. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number' || !special.test(value)) return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvLine(cells: readonly Cell[]): string {
  let line = csvField(cells[0] ?? null);
  for (let i = 1; i < cells.length; i++) line += ',' + csvField(cells[i]!);
  return line + '\r\n';
}

export function csvSink(out: Writable, layout: ExportLayout, bom: boolean): RowSink {
  out.write((bom ? '\uFEFF' : '') + csvLine(layout.headers));
  return {
    async write(rows) {
      await roomOn(out);
      let chunk = '';
      for (const row of rows) chunk += csvLine(row);
      out.write(chunk);
    },
    async end() {
      out.end();
      await finished(out);
    },
  };
}
