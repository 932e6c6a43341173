import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';
import { exportFolder, readCsv } from '../exports/fixtures';
import { questionInput } from './fixtures';

let test: TestCore;
let admin: Caller;
let folder: Awaited<ReturnType<typeof exportFolder>>;
const ids = { event: '', diet: '', days: '', chair: '', note: '', vip: '' };

beforeAll(async () => {
  test = await startTestCore({}, 'questions_export');
  admin = await setupAdmin(test);
  folder = await exportFolder();
  const event = await createEvent(admin);
  const make = (overrides: Parameters<typeof questionInput>[1]) =>
    admin.ok('questions.create', questionInput(event.id, overrides));
  const diet = await make({ label: 'Diet', kind: 'singleChoice', choices: ['none', 'vegetarian'] });
  const days = await make({ label: 'Days', kind: 'multipleChoice', choices: ['Day 1', 'Day 2'] });
  const chair = await make({ label: 'Wheelchair access', kind: 'yesNo' });
  const note = await make({ label: 'Note', kind: 'text' });
  const vip = (await test.core.db.one<{ id: string }>(
    `insert into ticket_types (event_id, name, position) values ($1, 'VIP', 1) returning id`,
    [event.id],
  ))!.id;
  await admin.ok('registrations.register', {
    eventId: event.id,
    name: 'Ada',
    email: 'ada@example.org',
    ticketTypeId: vip,
    answers: {
      [diet.id]: 'vegetarian',
      [days.id]: ['Day 1', 'Day 2'],
      [chair.id]: true,
      // A spreadsheet would run this as a formula if the file let it.
      [note.id]: '=HYPERLINK("http://evil.example","click")',
    },
  });
  await admin.ok('registrations.register', {
    eventId: event.id,
    name: 'Bo',
    email: 'bo@example.org',
    answers: { [chair.id]: false },
  });
  Object.assign(ids, {
    event: event.id,
    diet: diet.id,
    days: days.id,
    chair: chair.id,
    note: note.id,
    vip,
  });
});

const exportTo = (format: 'csv' | 'xlsx') => {
  const path = join(folder.dir, `${randomUUID()}.${format}`);
  return admin
    .ok('exports.attendees', {
      exportId: randomUUID(),
      eventId: ids.event,
      format,
      path,
      columns: ['name', 'ticketType'],
      answerColumns: [ids.diet, ids.days, ids.chair, ids.note],
    })
    .then(() => path);
};

describe('answers in exports', () => {
  it('adds the ticket type and the chosen answers as CSV columns, formula-safe', async () => {
    const rows = await readCsv(await exportTo('csv'));
    expect(rows).toEqual([
      ['Name', 'Ticket type', 'Diet', 'Days', 'Wheelchair access', 'Note'],
      [
        'Ada',
        'VIP',
        'vegetarian',
        'Day 1, Day 2',
        'Yes',
        `'=HYPERLINK("http://evil.example","click")`,
      ],
      ['Bo', 'General admission', '', '', 'No', ''],
    ]);
  });

  it('writes the same columns to XLSX as text, never as formulas', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await exportTo('xlsx'));
    const sheet = book.worksheets[0]!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['Name', 'Ticket type', 'Diet', 'Days', 'Wheelchair access', 'Note']);
    expect(values(2)).toEqual([
      'Ada',
      'VIP',
      'vegetarian',
      'Day 1, Day 2',
      'Yes',
      '=HYPERLINK("http://evil.example","click")',
    ]);
    expect(sheet.getRow(2).getCell(6).type).toBe(ExcelJS.ValueType.String);
  });

  it('refuses a question of another event as VALIDATION', async () => {
    const other = await createEvent(admin);
    const foreign = await admin.ok('questions.create', questionInput(other.id));
    const result = await admin.call('exports.attendees', {
      exportId: randomUUID(),
      eventId: ids.event,
      format: 'csv',
      path: join(folder.dir, 'nope.csv'),
      answerColumns: [foreign.id],
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { answerColumns: expect.any(String) } },
    });
  });
});
