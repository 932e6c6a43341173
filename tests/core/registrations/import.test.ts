import { beforeAll, describe, expect, it } from 'vitest';
import type { UserDto } from '@shared/domain';
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
    // Each batch is its own short statement: a pool that allows 1.5 s per statement still
    // imports a file whose single INSERT would take longer than that.
    const db: Db = await openDb({ url: test.database.url, statementTimeoutMs: 1_500 });
    onCleanup(() => db.close());
    const event = await createEvent(admin, { maxAttendees: null });
    const progress: number[] = [];
    const result = await importCsv(db, event.id, people(60_000).join('\n'), adminUser, (p) =>
      progress.push(p.lines),
    );
    expect(result).toEqual({ registered: 60_000, waitlisted: 0, rejected: [] });
    expect(progress.at(-1)).toBe(60_000);
    expect(progress.length).toBeGreaterThan(10);
  });
});
