import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createCore, type Core } from '../../electron/core';
import { openDoorDevice, type DoorDevice } from '../../electron/core/door/device/device';
import { openReplica } from '../../electron/core/door/device/replica-db';
import { openReplicaSummary } from '../../electron/core/door/station/replica-summary';
import type { DoorTransport } from '../../electron/core/door/device/types';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';
import { addAttendees, createEvent, type TestAttendee } from '../core/door/seed';
import { ms, percentiles, report } from './stats';

const ATTENDEES = 100_000;
const SCANS = 10_000;

// Door mode: scan-to-verdict on a 100,000-attendee replica, syncing 10,000 queued check-ins,
// and preparing the replica; each against a hand-written baseline measured in the same run.
export async function run() {
  const database = await createTestDatabase('bench_door');
  const core = await createCore({ databaseUrl: database.url, log: silentLogger });
  const dir = mkdtempSync(join(tmpdir(), 'usher-bench-door-'));
  try {
    const door = await doorCaller(core);
    const eventId = await createEvent(core.db, 'Bench night');
    const guests = await addAttendees(core.db, eventId, ATTENDEES);
    const device = openDoorDevice({
      file: join(dir, 'device.sqlite'),
      transport: door.call as DoorTransport,
      deviceId: 'bench',
    });
    try {
      await prepare(device, eventId);
      await scans(device, guests, join(dir, 'baseline.sqlite'));
      status(device, join(dir, 'device.sqlite'), eventId);
      await sync(device, database.url, eventId, guests);
    } finally {
      await device.close();
    }
  } finally {
    await core.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function doorCaller(core: Core): Promise<Caller> {
  const admin = makeCaller(core);
  await admin.ok('auth.setup', adminInput);
  const account = { email: 'door@example.org', password: 'a long enough password' };
  await admin.ok('users.create', { ...account, fullName: 'Door Bench', role: 'door' });
  const door = makeCaller(core);
  await door.ok('auth.login', account);
  return door;
}

async function prepare(device: DoorDevice, eventId: string) {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  const peak = { rss: base.rss, heap: base.heapUsed };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed);
  }, 10);
  const started = performance.now();
  await device.prepare(eventId);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  report(`prepare ${ATTENDEES.toLocaleString('en')} attendees (server and device in one process)`, {
    seconds: seconds.toFixed(2),
    'attendees per second': Math.round(ATTENDEES / seconds).toLocaleString('en'),
    'peak heap growth': mb(peak.heap - base.heapUsed),
    'peak rss': mb(peak.rss),
  });
}

async function scans(device: DoorDevice, guests: TestAttendee[], baselineFile: string) {
  // Baseline: a file with the same settings and tables; one lookup and one outbox insert per scan.
  const raw = openReplica(baselineFile);
  try {
    const insert = raw.prepare(
      'insert into attendees (id, event_id, ticket_code, name, email, status) values (?, ?, ?, ?, ?, ?)',
    );
    raw.transaction(() => {
      for (const g of guests)
        insert.run(g.id, 'e', g.ticketCode, 'Guest', 'g@example.org', 'registered');
    })();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const lookup = raw.prepare<[string], { id: string }>(
      'select id from attendees where ticket_code = ?',
    );
    const enqueue = raw.prepare(
      `insert into outbox (nonce, kind, event_id, registration_id, at) values (?, 'checkIn', 'e', ?, ?)`,
    );
    const rawScan = raw.transaction((code: string) => {
      const row = lookup.get(code);
      enqueue.run(randomUUID(), row!.id, new Date().toISOString());
    });

    // Interleaved, so both see the same machine (other processes, disk flushes) at the same time.
    const viaDevice: number[] = [];
    const viaRaw: number[] = [];
    for (const { ticketCode } of guests.slice(0, SCANS)) {
      let t0 = performance.now();
      if (device.scan(ticketCode).verdict !== 'valid')
        throw new Error(`${ticketCode} was not valid`);
      viaDevice.push(performance.now() - t0);
      t0 = performance.now();
      rawScan.immediate(ticketCode);
      viaRaw.push(performance.now() - t0);
    }
    const ours = percentiles(viaDevice);
    const baseline = percentiles(viaRaw);
    report(
      `scan to verdict, ${SCANS.toLocaleString('en')} scans on ${ATTENDEES.toLocaleString('en')} attendees`,
      {
        'device p50 / p99': `${ms(ours.p50)} / ${ms(ours.p99)} (target p99 < 2 ms)`,
        'raw lookup + insert p50 / p99': `${ms(baseline.p50)} / ${ms(baseline.p99)}`,
        'ratio p50 / p99 (target <= 2x)': `${(ours.p50 / baseline.p50).toFixed(2)}x / ${(ours.p99 / baseline.p99).toFixed(2)}x`,
      },
    );
  } finally {
    raw.close();
  }
}

/**
 * The station's status (counts, pending, conflicts) is read after every scan and pushed to the
 * window; it must stay far below a frame on 100,000 attendees. Floor: the cheapest read it makes.
 */
function status(device: DoorDevice, file: string, eventId: string) {
  const summary = openReplicaSummary(file);
  const floorDb = new Database(file, { readonly: true });
  try {
    const floor = floorDb.prepare('select count(*) from outbox where sent_at is null').pluck();
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < 200; i++) {
      let t0 = performance.now();
      device.status();
      summary.event(eventId, device.stationPoint()!);
      ours.push(performance.now() - t0);
      t0 = performance.now();
      floor.get();
      base.push(performance.now() - t0);
    }
    const a = percentiles(ours);
    const b = percentiles(base);
    report(`station status on ${ATTENDEES.toLocaleString('en')} attendees, 200 reads`, {
      'status p50 / p99': `${ms(a.p50)} / ${ms(a.p99)} (target p99 < 2 ms)`,
      'floor: pending count p50 / p99': `${ms(b.p50)} / ${ms(b.p99)}`,
      'ratio p50': `${(a.p50 / b.p50).toFixed(1)}x`,
    });
  } finally {
    summary.close();
    floorDb.close();
  }
}

async function sync(device: DoorDevice, url: string, eventId: string, guests: TestAttendee[]) {
  const started = performance.now();
  const result = await device.sync();
  const seconds = (performance.now() - started) / 1000;
  if (result.uploaded !== SCANS || result.pending !== 0) {
    throw new Error(`sync left work behind: ${JSON.stringify(result)}`);
  }

  // Baseline: the same rows as plain batched INSERTs (1,000 per statement) over one connection.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rest = guests.slice(SCANS, SCANS * 2);
  const t0 = performance.now();
  try {
    for (let i = 0; i < rest.length; i += 1_000) {
      const batch = rest.slice(i, i + 1_000);
      await client.query(
        `insert into check_ins (nonce, registration_id, event_id, scanned_at, device_id)
         select unnest($1::uuid[]), unnest($2::uuid[]), $3, now(), 'baseline'`,
        [batch.map(() => randomUUID()), batch.map((g) => g.id), eventId],
      );
    }
  } finally {
    await client.end();
  }
  const baseline = (performance.now() - t0) / 1000;
  report(`sync ${SCANS.toLocaleString('en')} pending check-ins (upload, then pull)`, {
    seconds: `${seconds.toFixed(2)} (target < 2 s)`,
    'raw batched INSERT seconds': baseline.toFixed(2),
    ratio: `${(seconds / baseline).toFixed(1)}x`,
    'pulled back': result.pulled,
  });
}
