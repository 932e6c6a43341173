import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Topics } from '@shared/contract/topics';
import type { UserDto } from '@shared/domain';
import type { ImportTarget } from '@shared/contract/import-mapping';
import { openDb, type Db } from '../../../electron/core/db/db';
import { importCsv } from '../../../electron/core/registrations/import';
import { onCleanup } from '../../support/cleanup';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';

let test: TestCore;
let admin: Caller;
let adminUser: UserDto;

beforeAll(async () => {
  test = await startTestCore({}, 'registrations_import');
  admin = await setupAdmin(test);
  adminUser = (await admin.ok('auth.session', {})).user!;
});

/** `count` lines `Person N,personN@example.org`, numbered from `from`. */
const people = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `Person ${from + i},person${from + i}@example.org`);

const counts = async (eventId: string) =>
  (await test.core.db.one<{ registered: number; waitlisted: number; rows: number; audits: number }>(
    `select registered_count as registered, waitlisted_count as waitlisted,
            (select count(*)::int from event_registrations where event_id = $1) as rows,
            (select count(*)::int from audit_log a join event_registrations r on r.id::text = a.entity_id
              where r.event_id = $1 and a.action = 'registrations.import') as audits
       from events where id = $1`,
    [eventId],
  ))!;

describe('CSV import at size', () => {
  it('names the line each record starts on, after quoted fields that span lines', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const csv = [
      'Ada,ada@example.org',
      '"Two\r\nLines",two@example.org',
      'Bad,not-an-email',
      '"Three\n\nLines, ""quoted""",three@example.org',
      'Worse,also-not-an-email',
    ].join('\r\n');
    const result = await admin.ok('registrations.import', { eventId: event.id, csv });
    // Lines 2-3 and 5-7 hold names with line breaks (refused as control characters).
    expect(result.rejected.map((r) => r.line)).toEqual([2, 4, 5, 8]);
    expect(result.registered).toBe(1);
  });

  it('refuses a line holding a NUL byte and imports the others', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const csv = ['Ada,ada@example.org', 'Nul\u0000Name,nul@example.org', 'Bo,bo@example.org'].join(
      '\n',
    );
    const result = await admin.ok('registrations.import', { eventId: event.id, csv });
    expect(result).toEqual({
      registered: 2,
      waitlisted: 0,
      rejected: [{ line: 2, reason: expect.stringMatching(/NUL/) }],
    });
  });

  it('keeps file order, seats and duplicates right across many batches', async () => {
    const event = await createEvent(admin, { maxAttendees: 7_000 });
    await admin.ok('registrations.register', {
      eventId: event.id,
      name: 'Already Here',
      email: 'person11000@example.org',
    });
    const lines = ['name,email', ...people(12_000), 'Again,PERSON2@example.org'];
    const result = await admin.ok('registrations.import', {
      eventId: event.id,
      csv: lines.join('\r\n'),
    });
    expect(result.rejected).toEqual([
      { line: 11_001, reason: 'person11000@example.org is already registered for this event' },
      { line: 12_002, reason: 'PERSON2@example.org is already on line 3' },
    ]);
    // One seat was taken before: 6,999 in file order, the rest waitlisted in file order.
    expect(result).toMatchObject({ registered: 6_999, waitlisted: 12_000 - 1 - 6_999 });
    expect(await counts(event.id)).toEqual({
      registered: 7_000,
      waitlisted: 5_000,
      rows: 12_000,
      audits: 11_999,
    });
    const lastSeated = await admin.ok('registrations.list', {
      eventId: event.id,
      search: 'person6999@',
    });
    expect(lastSeated.items[0]).toMatchObject({ status: 'registered' });
    const firstWaiting = await admin.ok('registrations.list', {
      eventId: event.id,
      search: 'person7000@',
    });
    expect(firstWaiting.items[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
  });

  it('imports nothing when the file breaks after thousands of rows', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const csv = [...people(11_000), '"Never closed,x@example.org'].join('\n');
    const result = await admin.call('registrations.import', { eventId: event.id, csv });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await counts(event.id)).toEqual({ registered: 0, waitlisted: 0, rows: 0, audits: 0 });
  });

  it('is not cut off by the statement timeout however long the whole import takes', async () => {
    // Each batch is its own short statement: a pool that allows 3 s per statement still
    // imports a file whose single INSERT would take longer than that.
    const db: Db = await openDb({ url: test.database.url, statementTimeoutMs: 3_000 });
    onCleanup(() => db.close());
    const event = await createEvent(admin, { maxAttendees: null });
    const progress: number[] = [];
    const result = await importCsv(db, event.id, people(60_000).join('\n'), adminUser, {
      onProgress: (p) => p.phase === 'reading' && progress.push(p.lines),
    });
    expect(result).toEqual({ registered: 60_000, waitlisted: 0, rejected: [] });
    expect(progress.at(-1)).toBe(60_000);
    expect(progress.length).toBeGreaterThan(10);
    // 60,000 rows: on a machine shared by many suites this takes well over the usual minute.
  }, 180_000);
});

describe('CSV import, row by row as the app shows it', () => {
  it('writes each audit row as the registration the app shows, seated or waiting', async () => {
    const event = await createEvent(admin, { maxAttendees: 1 });
    const csv = ['Back\\slash Name,one@example.org', 'Second Person,two@example.org'].join('\n');
    const result = await admin.ok('registrations.import', { eventId: event.id, csv });
    expect(result).toEqual({ registered: 1, waitlisted: 1, rejected: [] });
    const page = await admin.ok('registrations.list', { eventId: event.id });
    expect(page.items.map((r) => r.attendeeName)).toEqual(['Back\\slash Name', 'Second Person']);
    for (const shown of page.items) {
      const audit = await test.core.db.one<{ after: unknown }>(
        `select after from audit_log where entity_id = $1 and action = 'registrations.import'`,
        [shown.id],
      );
      expect(audit?.after).toEqual(await admin.ok('registrations.get', { id: shown.id }));
    }
    const mail = await test.core.db.many<{ kind: string; to: string }>(
      `select kind, to_address as to from mail_outbox where event_id = $1 order by kind`,
      [event.id],
    );
    expect(mail).toEqual([
      { kind: 'confirmation', to: 'one@example.org' },
      { kind: 'waitlisted', to: 'two@example.org' },
    ]);
  });

  it('reads the columns a mapping names, in any order, with first and last names', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const csv = [
      'E-mail;x,Notes,First,Last',
      'ada@example.org,hi,Ada,Lovelace',
      'bo@example.org,,Bo,',
      'short@example.org,Only three',
    ].join('\n');
    const result = await admin.ok('registrations.import', {
      eventId: event.id,
      csv,
      map: { 'e-mail;x': 'email', First: 'firstName', Last: 'lastName' },
    });
    expect(result).toEqual({
      registered: 2,
      waitlisted: 0,
      rejected: [{ line: 4, reason: 'Expected 4 columns as in the header, found 2' }],
    });
    const page = await admin.ok('registrations.list', { eventId: event.id });
    expect(page.items.map((r) => [r.attendeeName, r.attendeeEmail])).toEqual([
      ['Ada Lovelace', 'ada@example.org'],
      ['Bo', 'bo@example.org'],
    ]);
  });

  it.each([
    [{ Mail: 'email', Name: 'name' }, 'The file has no column "Mail"'],
    [{ Email: 'email', Name: 'name', Who: 'name' }, 'are both mapped to name'],
    [{ Name: 'name' }, 'Map a column to email'],
    [{ Email: 'email' }, 'Map a column to name'],
    [{ Email: 'email', Name: 'name', Who: 'firstName' }, 'Map either one column to name'],
    [{ Email: 'email', Name: 'name', Who: 'question:who' }, 'asks no question with the key "who"'],
  ])('refuses the mapping %j, importing nothing', async (map, message) => {
    const event = await createEvent(admin, { maxAttendees: null });
    const csv = ['Name,Email,Who', 'Ada,ada@example.org,x'].join('\n');
    const result = await admin.call('registrations.import', {
      eventId: event.id,
      csv,
      map: map as Record<string, ImportTarget>,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { map: expect.stringContaining(message) } },
    });
    expect(await counts(event.id)).toMatchObject({ rows: 0 });
  });

  it('refuses a target that is not one', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const result = await admin.call('registrations.import', {
      eventId: event.id,
      csv: 'Name,Email\nAda,ada@example.org',
      map: { Name: 'name', Email: 'mail' as ImportTarget },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('CSV import progress', () => {
  it('pushes notes for its import id, reading then saving, ending at the last row', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const importId = randomUUID();
    const notes: Topics['registrations.importProgress'][] = [];
    const stop = test.core.subscribe((topic, payload) => {
      if (topic !== 'registrations.importProgress') return;
      const note = payload as Topics['registrations.importProgress'];
      if (note.importId === importId) notes.push(note);
    });
    onCleanup(stop);
    const csv = ['name,email', ...people(12_000), 'Ada,person1@example.org'].join('\n');
    await admin.ok('registrations.import', { eventId: event.id, csv, importId });
    expect(notes[0]).toMatchObject({ phase: 'reading' });
    expect(notes.at(-1)).toEqual({
      importId,
      phase: 'saving',
      lines: 12_002,
      saved: 12_000,
      toSave: 12_000,
    });
  });
});

describe('CSV import and ticket types', () => {
  it('seats imported rows only where the default type has room, waitlisting the rest in order', async () => {
    const event = await createEvent(admin, { maxAttendees: 10 });
    const [general] = await admin.ok('ticketTypes.list', { eventId: event.id });
    await admin.ok('ticketTypes.update', {
      id: general!.id,
      version: general!.version,
      capacity: 2,
    });
    const result = await admin.ok('registrations.import', {
      eventId: event.id,
      csv: people(5).join('\n'),
    });
    expect(result).toMatchObject({ registered: 2, waitlisted: 3, rejected: [] });
    const [after] = await admin.ok('ticketTypes.list', { eventId: event.id });
    expect(after).toMatchObject({ registeredCount: 2, waitlistedCount: 3 });
    const list = await admin.ok('registrations.list', { eventId: event.id, status: 'waitlisted' });
    expect(list.items.map((r) => [r.attendeeName, r.waitlistPosition, r.ticketTypeId])).toEqual([
      ['Person 3', 1, general!.id],
      ['Person 4', 2, general!.id],
      ['Person 5', 3, general!.id],
    ]);
  });
});
