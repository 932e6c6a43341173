import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Cell } from './attendee-query';
import { roomOn, type ExportLayout, type RowSink } from './sink';

// Spreadsheets run a cell that starts with one of these as a formula ("CSV injection", OWASP).
const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

/** One RFC 4180 field; a formula-looking text gets a leading apostrophe, which Excel hides. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const neutralised = formulaStart.test(value);
  const text = neutralised ? `'${value}` : value;
  return neutralised || needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly Cell[]): string => cells.map(csvField).join(',') + '\r\n';

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
