import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { exportColumns } from '@shared/contract/exports';
import { compressionInput } from '../../../electron/core/exports/xlsx';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import {
  exportFolder,
  insertAttendees,
  insertBulk,
  insertEvent,
  readXlsx,
  userIdOf,
} from './fixtures';
import { expectedRows, sample, timeZone, type Expected } from './sample';

let test: TestCore;
let admin: Caller;
let eventId: string;
let expected: Map<string, Expected>;
let folder: Awaited<ReturnType<typeof exportFolder>>;

beforeAll(async () => {
  test = await startTestCore({}, 'exports_xlsx');
  admin = await setupAdmin(test);
  eventId = await insertEvent(test.core.db, await userIdOf(admin), timeZone);
  expected = expectedRows(await insertAttendees(test.core.db, eventId, sample));
  folder = await exportFolder();
});

// A spreadsheet date has no zone: its UTC fields are the wall-clock time it shows.
const asSheetDate = (wallClock: string) => new Date(`${wallClock.replace(' ', 'T')}Z`);

describe('XLSX export', () => {
  it('round-trips every column as typed cells', async () => {
    const path = join(folder.dir, 'all.xlsx');
    const result = await admin.ok('exports.attendees', {
      exportId: randomUUID(),
      eventId,
      format: 'xlsx',
      path,
    });
    expect(result).toMatchObject({ status: 'done', rows: sample.length, path });
    expect(result.status === 'done' && result.bytes).toBeGreaterThan(0);

    const sheet = await readXlsx(path);
    expect(sheet.name).toBe('Attendees');
    expect(sheet.rowCount).toBe(sample.length + 1);
    const header = sheet.getRow(1);
    expect(header.values).toEqual([
      undefined,
      'Name',
      'Email',
      'Ticket type',
      'Ticket code',
      'Status',
      `Registered at (${timeZone})`,
      `Checked in at (${timeZone})`,
      'Check-in device',
      'Waitlist position',
    ]);
    expect(header.getCell(1).font?.bold).toBe(true);

    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const want = expected.get(String(row.getCell(2).value))!;
      expect(want).toBeDefined();
      exportColumns.forEach((column, i) => {
        const value = row.getCell(i + 1).value;
        const wanted = want[column];
        if (column === 'registeredAt' || column === 'checkedInAt') {
          expect(value).toEqual(wanted === null ? null : asSheetDate(wanted as string));
        } else {
          // Formula-looking names come back as the very same text, never as formulas.
          expect(value ?? null).toEqual(wanted);
        }
      });
    }
  });

  it('freezes the header, sizes the columns and formats dates as dates', async () => {
    const path = join(folder.dir, 'layout.xlsx');
    await admin.ok('exports.attendees', {
      exportId: randomUUID(),
      eventId,
      format: 'xlsx',
      path,
      columns: ['name', 'registeredAt', 'waitlistPosition'],
      filter: 'waitlisted',
    });
    const sheet = await readXlsx(path);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.columns.map((c) => c.width)).toEqual([30, 20, 10]);
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(2).getCell(2).type).toBe(4); // ExcelJS.ValueType.Date
    expect(sheet.getRow(2).getCell(3).value).toBe(1);
    expect(sheet.getRow(3).getCell(3).value).toBe(2);
  });

  it('streams a larger list in name order', async () => {
    const bulkEvent = await insertEvent(test.core.db, await userIdOf(admin), 'Europe/Berlin');
    await insertBulk(test.core.db, bulkEvent, 5_000);
    const checkedIn = (await test.core.db.one<{ n: number }>(
      'select count(*)::int as n from check_ins where event_id = $1',
      [bulkEvent],
    ))!.n;
    const path = join(folder.dir, 'bulk.xlsx');
    const result = await admin.ok('exports.attendees', {
      exportId: randomUUID(),
      eventId: bulkEvent,
      format: 'xlsx',
      path,
      columns: ['name', 'checkedInAt'],
      filter: 'checkedIn',
    });
    expect(result).toMatchObject({ status: 'done', rows: checkedIn });
    const sheet = await readXlsx(path);
    expect(sheet.rowCount).toBe(checkedIn + 1);
    const names = sheet.getColumn(1).values.slice(2) as string[];
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'und')));
  });
});

describe('exceljs internals the XLSX writer relies on', () => {
  it('still exposes the stream that carries sheet XML to compression', async () => {
    // Without it rows cannot wait for compression and memory grows with the export.
    const out = new PassThrough().resume();
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
    const sheet = book.addWorksheet('probe');
    sheet.addRow(['probe']).commit();
    await vi.waitFor(() => expect(compressionInput(sheet)).toBeDefined());
    expect(compressionInput(sheet)?._writableState?.length).toEqual(expect.any(Number));
    await book.commit();
  });

  it('still takes sheet XML as bytes and knows style objects by identity', async () => {
    // The data rows are written into the sheet's own stream, with the ids of the columns' styles.
    const out = new PassThrough().resume();
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const sheet = book.addWorksheet('probe');
    const dates = Object.freeze({ numFmt: 'yyyy-mm-dd' });
    sheet.columns = [{ style: {} }, { style: dates }];
    sheet.addRow(['probe']).commit();
    const { styles } = book as unknown as { styles: { addStyleModel(style: object): number } };
    expect(styles.addStyleModel(dates)).toBeGreaterThan(0);
    expect(styles.addStyleModel(dates)).toBe(styles.addStyleModel(dates));
    const stream = (sheet as unknown as { stream: { write(xml: Buffer): unknown } }).stream;
    expect(stream.write).toEqual(expect.any(Function));
    await book.commit();
  });
});
