import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core';
import { openDoorDevice } from '../../electron/core/door/device/device';
import type { DoorTransport } from '../../electron/core/door/device/types';
import { silentLogger } from '../../electron/core/log';
import { encodeCursor } from '../../electron/core/registrations/list-registrations';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';
import { copyBaseline } from './exports.bench';
import { measure, ms, percentiles, report } from './stats';

/**
 * One event of each size, built the way the app builds it (a CSV import, then check-ins), and
 * every path an organizer or a door takes on it: time, peak RSS growth and the growth factor from
 * one size to the next. `SCALE_SIZES=10000,100000` runs fewer sizes.
 */
const sizes = (process.env.SCALE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const LIST_CALLS = 100;

type Row = Record<string, string>;
const results = new Map<number, Row>();

export async function run(): Promise<void> {
  const database = await createTestDatabase('bench_scale');
  const core = await createCore({ databaseUrl: database.url, log: silentLogger });
  const dir = await mkdtemp(join(tmpdir(), 'usher-scale-'));
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    const door = await doorCaller(core, admin);
    for (const size of sizes) {
      // Each figure is also printed as it is measured: a million-row run takes long.
      const row: Row = new Proxy<Row>(
        {},
        {
          set(target, key, value: string) {
            target[key as string] = value;
            console.log(`  (${size.toLocaleString('en')}) ${String(key)}: ${value}`);
            return true;
          },
        },
      );
      results.set(size, row);
      const eventId = await importEvent(core, admin, size, row);
      await exportBoth(core, admin, eventId, dir, size, row, database.url);
      await lists(admin, core, eventId, size, row);
      await door_(core, door, eventId, dir, size, row);
      report(`scale: ${size.toLocaleString('en')} attendees`, row);
    }
    growth();
  } finally {
    await core.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

const figure = (m: { seconds: number; mb: number }) =>
  `${m.seconds.toFixed(2)} s, +${m.mb.toFixed(0)} MB RSS`;

export const first = [
  'Ada',
  'Björn',
  'Chiara',
  'Dmitri',
  'Émile',
  'Fatima',
  'Gao',
  'Hana',
  'Ivan',
  'Jo',
];
export const last = [
  'Lovelace',
  'Lindqvist',
  'Rossi',
  'Okafor',
  'Nakamura',
  'García',
  "O'Brien",
  'Smith',
];

/** Realistic lines: varied names, some quoted, unique emails. */
function csvOf(size: number): string {
  const lines = ['name,email'];
  for (let i = 0; i < size; i++) {
    const name = `${first[i % first.length]} ${last[(i * 7) % last.length]} ${i}`;
    lines.push(
      i % 10 === 0 ? `"${name}, Jr.",guest${i}@example.org` : `${name},guest${i}@example.org`,
    );
  }
  return lines.join('\r\n');
}

async function importEvent(core: Core, admin: Caller, size: number, row: Row) {
  const event = await admin.ok('events.create', {
    title: `Scale ${size}`,
    description: '',
    location: 'Hall',
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    timeZone: 'Europe/Berlin',
    category: 'conference',
    maxAttendees: Math.round(size * 0.95),
    status: 'published',
  });
  const csv = csvOf(size);
  const imported = await measure(() =>
    admin.ok('registrations.import', { eventId: event.id, csv }),
  );
  if (imported.value.registered + imported.value.waitlisted !== size) {
    throw new Error(`imported ${JSON.stringify(imported.value).slice(0, 200)}`);
  }
  row['import'] =
    `${figure(imported)} (${Math.round(size / imported.seconds).toLocaleString('en')} rows/s)`;
  // Floor: the same number of rows in one INSERT ... SELECT into another event, then removed.
  const floor = await measure(() =>
    core.db
      .tx(async (sql) => {
        await sql.run('set local statement_timeout = 0');
        await sql.run(
          `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
         select $1, 'Floor ' || n, 'floor' || n || '@example.org', md5(random()::text), 'registered'
           from generate_series(1, $2::int) n`,
          [event.id, size],
        );
        throw new RollbackFloor();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollbackFloor)) throw error;
      }),
  );
  row['import floor: one INSERT, no audit'] =
    `${floor.seconds.toFixed(2)} s (import ${(imported.seconds / floor.seconds).toFixed(1)}x)`;
  // A tenth of the seated attendees checked in, as mid-way through a door day.
  await core.db.run(
    `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
     select id, event_id, now(), 'door-' || (seq % 4), gen_random_uuid()
       from event_registrations where event_id = $1 and status = 'registered' and seq % 10 = 0`,
    [event.id],
  );
  await core.db.run('analyze event_registrations, check_ins');
  return event.id;
}

class RollbackFloor extends Error {}

async function exportBoth(
  core: Core,
  admin: Caller,
  eventId: string,
  dir: string,
  size: number,
  row: Row,
  url: string,
) {
  const copy = await copyBaseline(url, eventId, join(dir, `copy-${size}.csv`));
  for (const format of ['csv', 'xlsx'] as const) {
    const path = join(dir, `export-${size}.${format}`);
    const done = await measure(() =>
      admin.ok('exports.attendees', { exportId: randomUUID(), eventId, format, path }),
    );
    row[`export ${format}`] =
      figure(done) +
      (format === 'csv' ? ` (${(done.seconds / copy).toFixed(2)}x COPY ${copy.toFixed(2)} s)` : '');
    await rm(path, { force: true });
  }
  void core;
}

/** The organizer's list pages on an event of `size`: first, searched, deep by cursor and offset. */
export async function lists(admin: Caller, core: Core, eventId: string, size: number, row: Row) {
  const deep = await core.db.one<{ name: string; id: string }>(
    `select attendee_name as name, id from event_registrations where event_id = $1
      order by attendee_name, id offset $2 limit 1`,
    [eventId, Math.floor(size * 0.9)],
  );
  const after = encodeCursor({ group: null, key: deep!.name, id: deep!.id });
  const cases: [string, Record<string, unknown>][] = [
    ['list: first page', {}],
    ['list: search, 1 letter', { search: 'a' }],
    ['list: search, a name', { search: 'chiara ross' }],
    ['list: page at 90% (cursor)', { after }],
    ['list: page at 90% (offset)', { offset: Math.floor(size * 0.9) }],
  ];
  for (const [label, input] of cases) {
    const samples: number[] = [];
    // Offset pages are the slow way, kept for comparison: fewer calls.
    const calls = 'offset' in input ? LIST_CALLS / 5 : LIST_CALLS;
    for (let i = 0; i < calls; i++) {
      const t0 = performance.now();
      await admin.ok('registrations.list', { eventId, limit: 50, ...input });
      samples.push(performance.now() - t0);
    }
    if ('offset' in input) {
      // The first jump of a list reads its marks (jump-marks.ts); the others seek from them.
      const p = percentiles(samples.slice(1));
      row[label] = `first ${ms(samples[0]!)}, then p50 ${ms(p.p50)}, p99 ${ms(p.p99)}`;
      continue;
    }
    const p = percentiles(samples);
    row[label] = `p50 ${ms(p.p50)}, p99 ${ms(p.p99)}`;
  }
}

async function door_(
  core: Core,
  door: Caller,
  eventId: string,
  dir: string,
  size: number,
  row: Row,
) {
  const device = openDoorDevice({
    file: join(dir, `door-${size}.sqlite`),
    transport: door.call as DoorTransport,
    deviceId: `bench-${size}`,
  });
  try {
    const prepared = await measure(() => device.prepare(eventId));
    row['door prepare'] =
      `${figure(prepared)} (${Math.round(size / prepared.seconds).toLocaleString('en')} attendees/s)`;
    const codes = await core.db.many<{ code: string }>(
      `select ticket_code as code from event_registrations
        where event_id = $1 and status = 'registered' order by random() limit 2000`,
      [eventId],
    );
    const scans: number[] = [];
    for (const { code } of codes) {
      const t0 = performance.now();
      device.scan(code);
      scans.push(performance.now() - t0);
    }
    const s = percentiles(scans);
    row['door scan'] = `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`;
    const searches: number[] = [];
    for (const text of ['a', 'chi', 'chiara ro', 'guest12', 'smith 4', 'zz']) {
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        device.search(text);
        searches.push(performance.now() - t0);
      }
    }
    const q = percentiles(searches);
    row['door search'] = `p50 ${ms(q.p50)}, p99 ${ms(q.p99)}, max ${ms(q.max)}`;
  } finally {
    await device.close();
  }
}

async function doorCaller(core: Core, admin: Caller): Promise<Caller> {
  const account = { email: 'door-scale@example.org', password: 'a long enough password' };
  await admin.ok('users.create', { ...account, fullName: 'Door Scale', role: 'door' });
  const door = makeCaller(core);
  await door.ok('auth.login', account);
  return door;
}

/** Each path's time from one size to the next, next to the growth in rows. */
function growth() {
  for (let i = 1; i < sizes.length; i++) {
    const [from, to] = [sizes[i - 1]!, sizes[i]!];
    const a = results.get(from)!;
    const b = results.get(to)!;
    const rows: Row = {};
    for (const key of Object.keys(b)) {
      const x = parseFloat(a[key]?.replace(/^p50 /, '') ?? '');
      const y = parseFloat(b[key]!.replace(/^p50 /, ''));
      if (x > 0 && y > 0) rows[key] = `${(y / x).toFixed(1)}x`;
    }
    report(
      `growth from ${from.toLocaleString('en')} to ${to.toLocaleString('en')} (${to / from}x rows)`,
      rows,
    );
  }
}
