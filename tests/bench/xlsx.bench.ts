import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportFormat } from '@shared/contract/exports';
import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';
import { createEvent } from '../core/door/seed';
import { seedAttendees } from './prepare.bench';
import { measure, report } from './stats';

/**
 * XLSX export of large events, each seeded with one INSERT (prepare.bench.ts's shape), against a
 * CSV export of the same rows in the same minute: the CSV is the floor, the same query, cursor
 * and row parsing with the cheapest writer. Rounds alternate CSV and XLSX so both see the same
 * load. Each figure: wall time, this process's CPU, peak RSS growth, the 1-minute load average.
 *   XLSX_SIZES=100000,1000000 XLSX_ROUNDS=2 npm run bench -- xlsx
 */
const sizes = (process.env.XLSX_SIZES ?? '1000000').split(',').map(Number);
const rounds = Number(process.env.XLSX_ROUNDS ?? 2);

export async function run(): Promise<void> {
  const database = await createTestDatabase('bench_xlsx');
  const core = await createCore({ databaseUrl: database.url, log: silentLogger });
  const dir = await mkdtemp(join(tmpdir(), 'usher-xlsx-bench-'));
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    for (const size of sizes) {
      const eventId = await createEvent(core.db, `XLSX ${size}`);
      const seeded = await measure(() => seedAttendees(core, eventId, size));
      console.log(`  (${size.toLocaleString('en')}) seeded in ${seeded.seconds.toFixed(1)} s`);
      const rows: Record<string, string> = {};
      for (let round = 1; round <= rounds; round++) {
        for (const format of ['csv', 'xlsx'] as const) {
          const path = join(dir, `export-${size}-${round}.${format}`);
          rows[`${format} #${round}`] = await timedExport(admin, eventId, format, path, size);
          await rm(path);
        }
      }
      report(`xlsx: ${size.toLocaleString('en')} attendees, all columns`, rows);
    }
  } finally {
    await core.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function timedExport(
  admin: Caller,
  eventId: string,
  format: ExportFormat,
  path: string,
  size: number,
): Promise<string> {
  const loadBefore = loadavg()[0]!;
  const cpu = process.cpuUsage();
  const done = await measure(() =>
    admin.ok('exports.attendees', { exportId: randomUUID(), eventId, format, path }),
  );
  const used = process.cpuUsage(cpu);
  if (done.value.status !== 'done' || done.value.rows !== size)
    throw new Error('Export incomplete');
  const mb = (await stat(path)).size / 2 ** 20;
  const cpuSeconds = (used.user + used.system) / 1e6;
  return (
    `${done.seconds.toFixed(2)} s, ${cpuSeconds.toFixed(2)} s CPU, +${done.mb.toFixed(0)} MB RSS, ` +
    `${mb.toFixed(0)} MB file, load ${loadBefore.toFixed(1)}–${loadavg()[0]!.toFixed(1)}`
  );
}
