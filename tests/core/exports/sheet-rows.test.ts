import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '../../../electron/core/exports/attendee-query';
import { columnLetters, excelSerial } from '../../../electron/core/exports/sheet-rows';
import type { ExportLayout } from '../../../electron/core/exports/sink';
import { xlsxSink } from '../../../electron/core/exports/xlsx';
import { exportFolder } from './fixtures';
import { zipEntries } from './zip-entries';

let folder: Awaited<ReturnType<typeof exportFolder>>;
beforeAll(async () => {
  folder = await exportFolder();
});

const layout: ExportLayout = {
  columns: ['name', 'email', 'waitlistPosition', 'registeredAt', 'checkedInAt', 'answer'],
  headers: ['Name', 'Email & <more>', 'Waitlist position', 'Registered at', 'Checked in at', 'Q'],
  kinds: ['text', 'text', 'integer', 'localTime', 'localTime', 'text'],
};

// Text that XML must escape or drop, text a spreadsheet would run, empty text, numbers, dates
// across centuries (years below 100 included), empty cells in every column, and a row far longer
// than most.
const rows: Cell[][] = [
  ['Zoë "Zed" O\'Neil, Jr.', 'a&b<c>d@example.org', 1, '2025-03-01 07:00:00', null, 'yes'],
  ['=HYPERLINK("http://evil.test")', '+1', 0, '1999-12-31 23:59:59', '2000-01-01 00:00:01', '-'],
  ['Line\nbreak\tand\r\nreturn', '@at', 123456, '1900-03-01 00:00:00', '2026-11-29 18:01:27', ''],
  [
    'ctrl \x00\x01\x08\x0b\x0c\x0e\x1f\x7f kept?',
    'עדי כהן',
    null,
    '0099-12-31 12:00:00',
    null,
    null,
  ],
  ['🎉 Party 𝒳', '', null, '2025-07-04 12:34:56', '2025-07-04 12:35:00', '&amp; already'],
  [null, null, null, null, null, null], // no value at all: exceljs writes no row, and skips its number
  ['After the empty row', 'x@example.org', 2, '2025-01-01 00:00:00', null, ']]>'],
  // Longer than the room a batch starts with, in characters of 2, 3 and 4 bytes.
  [
    'é'.repeat(3000) + '€'.repeat(3000) + '🎉'.repeat(3000),
    'long@example.org',
    3,
    null,
    null,
    null,
  ],
];

/** What exceljs itself writes for these rows, used as its documentation shows. */
async function writtenByExceljsRows(path: string, sheetLayout: ExportLayout, data: Cell[][]) {
  const out = createWriteStream(path);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet('Attendees', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = sheetLayout.kinds.map((kind) => ({
    width: 20,
    style: kind === 'localTime' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }));
  const header = sheet.addRow([...sheetLayout.headers]);
  header.font = { bold: true };
  header.commit();
  for (const values of data) {
    sheet
      .addRow(
        values.map((value, i) =>
          sheetLayout.kinds[i] === 'localTime' && typeof value === 'string'
            ? new Date(`${value.replace(' ', 'T')}Z`)
            : value,
        ),
      )
      .commit();
  }
  await Promise.all([book.commit(), finished(out)]);
}

async function writtenBySink(path: string, sheetLayout: ExportLayout, batches: Cell[][][]) {
  const out = createWriteStream(path);
  const sink = xlsxSink(out, sheetLayout);
  for (const batch of batches) await sink.write(batch);
  await sink.end();
}

/** The sheet's rows (header included) and the styles, the parts the two writers both decide. */
async function partsOf(path: string) {
  const entries = zipEntries(await readFile(path));
  const sheet = entries.get('xl/worksheets/sheet1.xml')!;
  return {
    sheetData: sheet.slice(sheet.indexOf('<sheetData>'), sheet.indexOf('</sheetData>')),
    styles: entries.get('xl/styles.xml'),
  };
}

describe('XLSX rows rendered without exceljs row objects', () => {
  it('are byte for byte what exceljs writes for the same values', async () => {
    const reference = join(folder.dir, 'exceljs.xlsx');
    const ours = join(folder.dir, 'sink.xlsx');
    await writtenByExceljsRows(reference, layout, rows);
    // In batches, so row numbers carry over from one batch to the next.
    await writtenBySink(ours, layout, [rows.slice(0, 2), rows.slice(2, 6), rows.slice(6)]);

    const expected = await partsOf(reference);
    expect(expected.sheetData).toContain('<row r="8"'); // the empty row's number is skipped
    expect(expected.sheetData).not.toContain('<row r="7"');
    expect(await partsOf(ours)).toEqual(expected);
  });

  it('name columns past Z as exceljs does', async () => {
    const wide: ExportLayout = {
      columns: Array(60).fill('answer'),
      headers: Array.from({ length: 60 }, (_, i) => `Q${i + 1}`),
      kinds: Array(60).fill('text'),
    };
    const row = Array.from({ length: 60 }, (_, i) => `v${i + 1}`);
    const reference = join(folder.dir, 'wide-exceljs.xlsx');
    const ours = join(folder.dir, 'wide-sink.xlsx');
    await writtenByExceljsRows(reference, wide, [row]);
    await writtenBySink(ours, wide, [[row]]);
    expect((await partsOf(ours)).sheetData).toEqual((await partsOf(reference)).sheetData);
    expect([1, 26, 27, 52, 53, 702, 703].map(columnLetters)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('turns wall-clock times into the date numbers exceljs computes', () => {
    const asExceljs = (time: string) =>
      25569 + new Date(`${time.replace(' ', 'T')}Z`).getTime() / (24 * 3600 * 1000);
    // Every day from 1600 to 2400 (leap days and century years included), at a varying time.
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const day = new Date(Date.UTC(1600, 0, 1));
    for (let i = 0; day.getUTCFullYear() < 2400; i++, day.setUTCDate(day.getUTCDate() + 1)) {
      const time =
        `${pad(day.getUTCFullYear(), 4)}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())} ` +
        `${pad(i % 24)}:${pad((i * 7) % 60)}:${pad((i * 13) % 60)}`;
      if (excelSerial(time) !== asExceljs(time)) expect(excelSerial(time)).toBe(asExceljs(time));
    }
    for (const time of ['0042-06-15 08:30:00', '0000-03-01 00:00:00', '9999-12-31 23:59:59']) {
      expect(excelSerial(time)).toBe(asExceljs(time));
    }
  });
});
