import { beforeAll, describe, expect, it } from 'vitest';
import { assertZoneAgrees } from '../../../electron/core/events/time-zone';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { eventInput } from '../../support/events';

// Times are entered and shown with Intl, and converted in PostgreSQL for reports and exports.
// Only zones on which both agree are accepted, so an event is never shown at another time.

let test: TestCore;
let admin: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'time_zones');
  admin = await setupAdmin(test);
});

// Names Intl accepts besides the canonical list: Java's short ids, POSIX-style and old aliases.
const aliases = [
  'AET',
  'CTT',
  'IST',
  'ACT',
  'AGT',
  'ART',
  'BET',
  'BST',
  'CAT',
  'CNT',
  'CST',
  'EAT',
  'ECT',
  'JST',
  'MIT',
  'NET',
  'NST',
  'PLT',
  'PNT',
  'PRT',
  'SST',
  'VST',
  'EST',
  'MST',
  'HST',
  'CET',
  'EET',
  'WET',
  'MET',
  'EST5EDT',
  'CST6CDT',
  'MST7MDT',
  'PST8PDT',
  'US/Eastern',
  'Etc/GMT+5',
  'GMT',
  'UTC',
  'Asia/Calcutta',
  'Europe/Kiev',
];
const zones = [...new Set([...Intl.supportedValuesOf('timeZone'), ...aliases])];

/** Every hour of some 2026 days around both hemispheres' daylight saving changes, and more. */
const instants = [
  '2026-01-15',
  '2026-03-08',
  '2026-03-29',
  '2026-04-05',
  '2026-06-15',
  '2026-09-27',
  '2026-10-04',
  '2026-10-25',
  '2026-11-01',
  '2026-12-31',
].flatMap((day) =>
  Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}:30:00Z`),
);

function intlWallClock(format: Intl.DateTimeFormat, at: string): string {
  const parts = format.formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

async function accepted(zone: string): Promise<boolean> {
  try {
    await assertZoneAgrees(test.core.db, zone, ['2026-05-01T18:00:00Z', '2026-05-01T22:00:00Z']);
    return true;
  } catch {
    return false;
  }
}

describe('time zones', () => {
  it('accepts only zones whose every hour PostgreSQL and Intl read alike', async () => {
    const refused: string[] = [];
    const kept: string[] = [];
    for (const zone of zones) ((await accepted(zone)) ? kept : refused).push(zone);
    // Independent of the check itself: PostgreSQL's wall clock, hour by hour, against Intl's.
    const rows = await test.core.db.many<{ zone: string; walls: string[] }>(
      `select z as zone, array_agg(to_char(t at time zone z, 'YYYY-MM-DD HH24:MI') order by n) as walls
         from unnest($1::text[]) z, unnest($2::timestamptz[]) with ordinality as s(t, n)
        group by z`,
      [kept, instants],
    );
    const misread = rows
      .filter(({ zone, walls }) => {
        const format = new Intl.DateTimeFormat('en-CA', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        });
        return walls.some((wall, i) => wall !== intlWallClock(format, instants[i]!));
      })
      .map((row) => row.zone);
    expect(rows).toHaveLength(kept.length);
    expect(misread).toEqual([]);
    // The names the adversarial pass found: unknown to PostgreSQL, or another offset there.
    expect(refused).toEqual(expect.arrayContaining(['AET', 'CTT', 'IST']));
    // Region names, the ones the app offers, pass.
    for (const zone of [
      'Europe/Berlin',
      'America/Los_Angeles',
      'Asia/Kolkata',
      'Australia/Sydney',
      'UTC',
    ]) {
      expect(refused).not.toContain(zone);
    }
  }, 120_000);

  it('refuses a zone they disagree on as VALIDATION, on create and on update', async () => {
    const before = await test.core.db.one<{ n: number }>('select count(*)::int as n from events');
    for (const timeZone of ['AET', 'CTT', 'IST']) {
      expect(await admin.call('events.create', eventInput({ timeZone }))).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { timeZone: expect.any(String) } },
      });
    }
    expect(await test.core.db.one('select count(*)::int as n from events')).toEqual(before);
    const event = await admin.ok('events.create', eventInput({ timeZone: 'Asia/Kolkata' }));
    expect(
      await admin.call('events.update', { id: event.id, version: event.version, timeZone: 'IST' }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await admin.ok('events.get', { id: event.id })).timeZone).toBe('Asia/Kolkata');
    // And its report works: a zone PostgreSQL knows.
    await admin.ok('reports.eventActivity', { eventId: event.id });
  });
});
