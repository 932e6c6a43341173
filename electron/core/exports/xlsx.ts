import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { ExportColumn } from '@shared/contract/exports';
import type { Cell, CellKind } from './attendee-query';
import { roomOn, type ExportLayout, type RowSink } from './sink';

// Rows are streamed, so widths cannot be measured from the data: sized for typical values.
const widths: Record<ExportColumn | 'answer', number> = {
  name: 30,
  email: 34,
  ticketType: 20,
  answer: 24,
  ticketCode: 18,
  status: 12,
  registeredAt: 20,
  checkedInAt: 20,
  checkInDevice: 20,
  waitlistPosition: 10,
};

const dateFormat = 'yyyy-mm-dd hh:mm:ss';

// Spreadsheet dates carry no zone: a Date whose UTC fields are the event's wall-clock time is
// shown as that wall-clock time.
const toCell = (value: Cell, kind: CellKind) =>
  kind === 'localTime' && typeof value === 'string'
    ? new Date(`${value.replace(' ', 'T')}Z`)
    : value;

/**
 * An XLSX sink on exceljs's streaming writer: each row is serialised and zipped as it arrives.
 * Inline strings, not the shared-strings table, which would hold every name in memory. Text
 * cells are stored as strings, never formulas, so they need no neutralising.
 */
export function xlsxSink(out: Writable, layout: ExportLayout): RowSink {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  book.creator = 'Usher';
  const sheet = book.addWorksheet('Attendees', { views: [{ state: 'frozen', ySplit: 1 }] });
  // One style object per column, shared by its cells: exceljs looks a style object it has seen
  // up by identity, where each cell's own copy of the column's style costs a full style lookup
  // (about half the CPU of a sheet without this).
  const cellStyles = layout.kinds.map((kind) =>
    Object.freeze(kind === 'localTime' ? { numFmt: dateFormat } : {}),
  );
  // The same for each row's own (empty) style, which exceljs otherwise renders once a row.
  const rowStyle = Object.freeze({});
  sheet.columns = layout.columns.map((column, i) => ({
    width: widths[column],
    style: cellStyles[i]!,
  }));
  const header = sheet.addRow([...layout.headers]);
  header.font = { bold: true };
  header.commit();
  const { kinds } = layout;

  return {
    async write(rows) {
      await roomOn(out);
      await compressionCaughtUp(sheet, out);
      for (const values of rows) {
        const row = sheet.addRow(values.map((value, i) => toCell(value, kinds[i]!)));
        for (let i = 0; i < cellStyles.length; i++) row.getCell(i + 1).style = cellStyles[i]!;
        (row as typeof row & { style: object }).style = rowStyle; // typings omit Row.style
        row.commit();
      }
    },
    async end() {
      // `finished` rejects on a write error, which exceljs's own commit would wait out forever.
      await Promise.all([book.commit(), finished(out)]);
    },
  };
}

// How much sheet XML may wait for compression before rows pause.
const backlogLimit = 1024 * 1024;

type Piped = Writable & { _writableState?: { length?: number } };

/** The stream exceljs feeds a sheet's XML into on its way to the zip's deflate stream. */
export function compressionInput(sheet: unknown): Piped | undefined {
  return (sheet as { stream?: { pipes?: Piped[] } }).stream?.pipes?.[0];
}

/**
 * exceljs writes sheet XML on towards the zip without heeding backpressure, and compression
 * needs event-loop turns that a busy row loop does not leave it: unchecked, the backlog grows
 * with the size of the export. So rows wait for it to drain (or for the file to close on a
 * write error, which would stall it for good). exceljs keeps no public handle on this stream.
 */
async function compressionCaughtUp(sheet: unknown, out: Writable): Promise<void> {
  const input = compressionInput(sheet);
  if (!input || (input._writableState?.length ?? 0) <= backlogLimit) return;
  const stop = new AbortController();
  try {
    await Promise.race([
      once(input, 'drain', { signal: stop.signal }),
      once(out, 'close', { signal: stop.signal }),
    ]);
  } finally {
    stop.abort();
  }
}
