import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { ExportColumn } from '@shared/contract/exports';
import { sheetRowRenderer } from './sheet-rows';
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

/** What the XLSX sink uses of exceljs beyond its typings (tests/core/exports/xlsx.test.ts checks). */
interface SheetInternals {
  /** The sheet's XML on its way to the zip; takes more once the header row is committed. */
  stream: { write(xml: Buffer): unknown };
}
interface BookInternals {
  /** Registers a style object (again, by identity) and returns its id in styles.xml. */
  styles: { addStyleModel(style: object): number };
}

/**
 * An XLSX sink on exceljs's streaming writer: each batch is serialised and zipped as it arrives.
 * exceljs writes the workbook, its styles, the columns and the header row; the data rows are
 * rendered by `sheetRowRenderer` exactly as exceljs renders them, at a fraction of the cost, and
 * written into exceljs's sheet stream. Strings are inline, not in the shared-strings table, which
 * would hold every name in memory, and are stored as text, never formulas, so they need no
 * neutralising.
 */
export function xlsxSink(out: Writable, layout: ExportLayout): RowSink {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  book.creator = 'Usher';
  const sheet = book.addWorksheet('Attendees', { views: [{ state: 'frozen', ySplit: 1 }] });
  const cellStyles = layout.kinds.map((kind) =>
    Object.freeze(kind === 'localTime' ? { numFmt: dateFormat } : {}),
  );
  sheet.columns = layout.columns.map((column, i) => ({
    width: widths[column],
    style: cellStyles[i]!,
  }));
  const header = sheet.addRow([...layout.headers]);
  header.font = { bold: true };
  // Committing the header writes the columns (registering their styles) and opens sheetData.
  header.commit();
  // exceljs knows a style object it has seen by identity: these are the columns' ids.
  const { styles } = book as unknown as BookInternals;
  const renderRows = sheetRowRenderer(
    layout.kinds,
    cellStyles.map((style) => styles.addStyleModel(style)),
  );
  const sheetXml = (sheet as unknown as SheetInternals).stream;
  let nextRowNumber = 2;

  return {
    async write(rows) {
      await roomOn(out);
      await compressionCaughtUp(sheet, out);
      sheetXml.write(renderRows(nextRowNumber, rows));
      nextRowNumber += rows.length;
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
