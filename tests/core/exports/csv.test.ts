import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportColumns, type ExportFilter } from '@shared/contract/exports';
import { csvField } from '../../../electron/core/exports/csv';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { exportFolder, insertAttendees, insertEvent, readCsv, userIdOf } from './fixtures';
import { expectedRows, sample, timeZone, wallClock, type Expected } from './sample';

let test: TestCore;
let admin: Caller;
let eventId: string;
let expected: Map<string, Expected>;
let folder: Awaited<ReturnType<typeof exportFolder>>;

beforeAll(async () => {
  test = await startTestCore({}, 'exports_csv');
  admin = await setupAdmin(test);
  eventId = await insertEvent(test.core.db, await userIdOf(admin), timeZone);
  expected = expectedRows(await insertAttendees(test.core.db, eventId, sample));
  folder = await exportFolder();
});

async function exportCsv(name: string, options: { filter?: ExportFilter; bom?: boolean } = {}) {
  const path = join(folder.dir, name);
  const result = await admin.ok('exports.attendees', {
    exportId: randomUUID(),
    eventId,
    format: 'csv',
    path,
    ...options,
  });
  return { path, result };
}

// What a CSV cell must hold for a value: formula-looking text behind an apostrophe.
const asCsvText = (value: string | number | null) =>
  value === null ? '' : /^[=+\-@\t\r]/.test(String(value)) ? `'${value}` : String(value);

describe('CSV export', () => {
  it('round-trips every column through a CSV reader', async () => {
    const { path, result } = await exportCsv('all.csv');
    expect(result).toMatchObject({ status: 'done', rows: sample.length, path });
    const [header, ...rows] = await readCsv(path);
    expect(header).toEqual([
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
    expect(rows).toHaveLength(sample.length);
    for (const row of rows) {
      const want = expected.get(row[1]!.replace(/^'/, ''))!;
      expect(row).toEqual(exportColumns.map((column) => asCsvText(want[column])));
    }
  });

  it('writes event-local wall-clock times across a daylight-saving change', async () => {
    const { path } = await exportCsv('times.csv');
    const zoe = (await readCsv(path)).find((row) => row[1] === 'zoe@example.org')!;
    expect(zoe.slice(5, 8)).toEqual(['2025-03-01 07:00:00', '2025-04-01 19:30:00', 'door-1']);
    expect(wallClock('2025-03-01 12:00:00Z')).toBe('2025-03-01 07:00:00');
  });

  it('uses RFC 4180 quoting and CRLF line ends, with a BOM only when asked', async () => {
    const plain = await readFile((await exportCsv('plain.csv')).path);
    const text = plain.toString('utf8');
    expect(plain.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(text.startsWith('Name,Email,Ticket type,Ticket code,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // Every line break outside quotes is CRLF; the one inside "Line\nbreak" stays as it was.
    expect(text.replace(/"(?:[^"]|"")*"/g, '""')).not.toMatch(/[^\r]\n/);
    expect(text).toContain('"Line\nbreak",nl@example.org,');
    expect(text).toContain('"Zoë ""Zed"" O\'Neil, Jr.",zoe@example.org,');
    expect(text).toContain('"\'=HYPERLINK(""http://evil.test"",""click"")",eq@example.org,');
    expect(text).toContain('"\'+plus","\'@at@example.org",');
    expect(text).toContain('עדי כהן,adi@example.org,');
    expect(text).toContain('🎉 Party,party@example.org,');

    const withBom = await readFile((await exportCsv('bom.csv', { bom: true })).path);
    expect(withBom.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(withBom.subarray(3).equals(plain)).toBe(true);
  });

  it('sorts by name the way people read names, not by byte value', async () => {
    const { path } = await exportCsv('sorted.csv');
    const names = (await readCsv(path)).slice(1).map((row) => row[0]!);
    const latin = names.filter((name) => /^[\p{Script=Latin}]/u.test(name));
    expect(latin).toEqual([
      'Ángel',
      'anna',
      'Bob',
      'Cancelled Carl',
      'Line\nbreak',
      'Zoë "Zed" O\'Neil, Jr.',
    ]);
  });

  const byFilter: Record<ExportFilter, string[]> = {
    all: sample.map((s) => s.email),
    registered: sample.filter((s) => s.status === 'registered').map((s) => s.email),
    waitlisted: ['nl@example.org', 'adi@example.org'],
    cancelled: ['carl@example.org', 'party@example.org'],
    checkedIn: ['zoe@example.org', 'minus@example.org', 'angel@example.org'],
    noShow: [
      'eq@example.org',
      '@at@example.org',
      'anna@example.org',
      'bob@example.org',
      'tab@example.org',
    ],
  };
  for (const [filter, emails] of Object.entries(byFilter)) {
    it(`filters: ${filter}`, async () => {
      const { path, result } = await exportCsv(`${filter}.csv`, { filter: filter as ExportFilter });
      expect(result).toMatchObject({ status: 'done', rows: emails.length });
      const got = (await readCsv(path)).slice(1).map((row) => row[1]!.replace(/^'/, ''));
      expect(got.sort()).toEqual([...emails].sort());
    });
  }

  it('keeps true waitlist positions when a filter hides part of the waitlist', async () => {
    await test.core.db.run(
      "update event_registrations set status = 'cancelled' where attendee_email = 'nl@example.org'",
    );
    try {
      const path = join(folder.dir, 'positions.csv');
      await admin.ok('exports.attendees', {
        exportId: randomUUID(),
        eventId,
        format: 'csv',
        path,
        columns: ['waitlistPosition', 'email'],
        filter: 'waitlisted',
      });
      expect(await readCsv(path)).toEqual([
        ['Waitlist position', 'Email'],
        ['1', 'adi@example.org'],
      ]);
    } finally {
      await test.core.db.run(
        "update event_registrations set status = 'waitlisted' where attendee_email = 'nl@example.org'",
      );
    }
  });

  it('writes only the chosen columns, in the chosen order', async () => {
    const path = join(folder.dir, 'chosen.csv');
    await admin.ok('exports.attendees', {
      exportId: randomUUID(),
      eventId,
      format: 'csv',
      path,
      columns: ['email', 'status'],
      filter: 'cancelled',
    });
    expect(await readFile(path, 'utf8')).toBe(
      // Sorted by name: a symbol (🎉 Party) comes before letters (Cancelled Carl).
      'Email,Status\r\nparty@example.org,cancelled\r\ncarl@example.org,cancelled\r\n',
    );
  });

  it('leaves only finished files in the folder', async () => {
    expect((await folder.files()).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

describe('CSV fields', () => {
  it('neutralises every formula trigger and quotes what needs it', () => {
    expect(csvField('=1+1')).toBe(`"'=1+1"`);
    expect(csvField('+1')).toBe(`"'+1"`);
    expect(csvField('-1')).toBe(`"'-1"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\tx')).toBe(`"'\tx"`);
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });
});
