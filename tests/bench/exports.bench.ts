import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { exportColumns, type ExportFormat } from '@shared/contract/exports';
import { createCore, type Core } from '../../electron/core';
import { attendeeQuery } from '../../electron/core/exports/attendee-query';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';
import { report } from './stats';

const ATTENDEES = 100_000;
const ROUNDS = 5;

/**
 * 100,000 attendees to CSV against PostgreSQL's own `COPY (same query) TO STDOUT WITH CSV`
 * (psql writing a file), then to XLSX; seconds and peak RSS growth, best of five rounds.
 * Run alone (the core's @shared imports need the node tsconfig):
 *   TSX_TSCONFIG_PATH=tsconfig.node.json npx tsx tests/bench/run.ts exports
 */
export async function run(): Promise<void> {
  const database = await createTestDatabase('bench_exports');
  const core = await createCore({ databaseUrl: database.url, log: silentLogger });
  const dir = await mkdtemp(join(tmpdir(), 'usher-export-bench-'));
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    const eventId = await seedEvent(core, (await admin.ok('auth.session', {})).user!.id);

    const copy: number[] = [];
    const csv: Measured[] = [];
    const xlsx: Measured[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      copy.push(await copyBaseline(database.url, eventId, join(dir, `copy-${round}.csv`)));
      csv.push(await measureExport(core, admin, eventId, 'csv', join(dir, `usher-${round}.csv`)));
      xlsx.push(
        await measureExport(core, admin, eventId, 'xlsx', join(dir, `usher-${round}.xlsx`)),
      );
    }
    const best = (runs: Measured[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const copySeconds = Math.min(...copy);
    const csvBest = best(csv);
    const xlsxBest = best(xlsx);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    report(
      `exports: ${ATTENDEES.toLocaleString('en')} attendees, all columns (best of ${ROUNDS})`,
      {
        'COPY ... TO STDOUT WITH CSV (psql)': `${copySeconds.toFixed(3)} s`,
        'usher CSV': `${csvBest.seconds.toFixed(3)} s, ${mb(csvBest.bytes)} file`,
        'usher CSV / COPY': `${(csvBest.seconds / copySeconds).toFixed(2)}x (target <= 1.5x)`,
        'usher CSV peak RSS growth': `${mb(Math.max(...csv.map((m) => m.peakGrowth)))} (target < 100 MB)`,
        'usher XLSX': `${xlsxBest.seconds.toFixed(3)} s, ${mb(xlsxBest.bytes)} file`,
        'usher XLSX peak RSS growth': mb(Math.max(...xlsx.map((m) => m.peakGrowth))),
      },
    );
  } finally {
    await core.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function seedEvent(core: Core, adminId: string): Promise<string> {
  const event = await core.db.one<{ id: string }>(
    `insert into events (title, starts_at, ends_at, time_zone, status, created_by)
     values ('Bench conference', now(), now() + interval '8 hours', 'Europe/Berlin', 'published', $1)
     returning id`,
    [adminId],
  );
  const eventId = event!.id;
  // Every tenth name needs quoting; statuses and check-ins mixed as at a real event.
  await core.db.tx(async (sql) => {
    await sql.run('set local statement_timeout = 0');
    await sql.run(
      `insert into event_registrations
         (event_id, attendee_name, attendee_email, ticket_code, status, created_at)
       select $1::uuid,
              case when n % 10 = 0 then 'O''Brien, "Bo" ' || n else 'Attendee ' || md5(n::text) end,
              'attendee' || n || '@example.org', 'T' || n || '-' || substr(md5(random()::text), 1, 16),
              case when n % 20 = 0 then 'waitlisted' when n % 20 = 1 then 'cancelled' else 'registered' end,
              now() - n * interval '1 minute'
       from generate_series(1, $2::int) n`,
      [eventId, ATTENDEES],
    );
    await sql.run(
      `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
       select id, event_id, now(), 'door-' || (seq % 4), gen_random_uuid()
       from event_registrations where event_id = $1 and status = 'registered' and seq % 2 = 0`,
      [eventId],
    );
  });
  await core.db.run('analyze event_registrations, check_ins');
  return eventId;
}

/** psql streams the same query through COPY into a file, with the export's own settings. */
export async function copyBaseline(url: string, eventId: string, path: string): Promise<number> {
  const select = attendeeQuery(exportColumns, 'all', true).select.replaceAll('$1', ":'event'");
  const script = `set enable_nestloop = off;\nset jit = off;\ncopy (${select}) to stdout with (format csv, header);\n`;
  const out = createWriteStream(path);
  await once(out, 'open');
  const started = performance.now();
  const psql = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', `event=${eventId}`, url], {
    stdio: ['pipe', out, 'inherit'],
  });
  psql.stdin.end(script);
  const [code] = (await once(psql, 'exit')) as [number | null];
  const seconds = (performance.now() - started) / 1000;
  out.close();
  if (code !== 0) throw new Error(`psql exited with ${code}`);
  return seconds;
}

interface Measured {
  seconds: number;
  peakGrowth: number;
  bytes: number;
}

async function measureExport(
  core: Core,
  admin: Caller,
  eventId: string,
  format: ExportFormat,
  path: string,
): Promise<Measured> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  // Sampled on a timer and at every progress note (between batches, when buffers are fullest).
  const timer = setInterval(sample, 5);
  const unsubscribe = core.subscribe(sample);
  const started = performance.now();
  try {
    const result = await admin.ok('exports.attendees', {
      exportId: randomUUID(),
      eventId,
      format,
      path,
    });
    if (result.status !== 'done' || result.rows !== ATTENDEES) throw new Error('Export incomplete');
  } finally {
    clearInterval(timer);
    unsubscribe();
  }
  sample();
  return {
    seconds: (performance.now() - started) / 1000,
    peakGrowth: peak - baseline,
    bytes: (await stat(path)).size,
  };
}
