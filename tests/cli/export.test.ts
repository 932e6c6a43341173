import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  parseExportArgs,
  runExport,
  type ExportCommandIo,
} from '../../electron/cli/export-command';
import { UsageError } from '../../electron/cli/usage';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../support/core';
import {
  exportFolder,
  insertBulk,
  insertEvent,
  readCsv,
  readXlsx,
  userIdOf,
} from '../core/exports/fixtures';

let test: TestCore;
let admin: Caller;
let eventId: string;
let folder: Awaited<ReturnType<typeof exportFolder>>;

beforeAll(async () => {
  test = await startTestCore({}, 'exports_cli');
  admin = await setupAdmin(test);
  eventId = await insertEvent(test.core.db, await userIdOf(admin));
  await insertBulk(test.core.db, eventId, 30_000);
  folder = await exportFolder();
});

function terminal(caller: Caller, signal?: AbortSignal) {
  const out = { stdout: '', stderr: '' };
  const io: ExportCommandIo = {
    call: (channel, input) => test.core.call(channel, input, caller.ctx),
    subscribe: test.core.subscribe,
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text), isTTY: false },
    signal,
  };
  return { io, out };
}

const usageError = (argv: string[]) => {
  try {
    parseExportArgs(argv, folder.dir);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('usher export', () => {
  it('writes a CSV with progress on stderr and the envelope on stdout', async () => {
    const args = parseExportArgs(
      ['--event', eventId, '--format', 'csv', '--out', 'out.csv', '--columns', 'email,name'],
      folder.dir,
    );
    const { io, out } = terminal(admin);
    expect(await runExport(args, io)).toBe(0);
    const path = join(folder.dir, 'out.csv');
    expect(JSON.parse(out.stdout)).toMatchObject({
      ok: true,
      value: { status: 'done', rows: 30_000, path },
    });
    expect(out.stderr).toContain('Exporting: 0 of 30000 rows (0%)\n');
    expect(out.stderr).toContain('Exporting: 30000 of 30000 rows (100%)\n');
    expect(out.stderr).toContain(`Wrote 30000 rows to ${path}\n`);
    expect((await readCsv(path))[0]).toEqual(['Email', 'Name']);
  });

  it('takes the format from the file name and applies a filter', async () => {
    const args = parseExportArgs(
      ['--event', eventId, '--out', 'no-shows.xlsx', '--filter', 'noShow'],
      folder.dir,
    );
    expect(args.input).toMatchObject({ format: 'xlsx', filter: 'noShow' });
    const { io } = terminal(admin);
    expect(await runExport(args, io)).toBe(0);
    const noShows = (await test.core.db.one<{ n: number }>(
      `select count(*)::int as n from event_registrations r where event_id = $1
       and not exists (select 1 from check_ins c where c.registration_id = r.id)`,
      [eventId],
    ))!.n;
    expect((await readXlsx(join(folder.dir, 'no-shows.xlsx'))).rowCount).toBe(noShows + 1);
  });

  it('explains flag mistakes', () => {
    expect(usageError(['--format', 'csv', '--out', 'x.csv'])).toBe('export needs --event ID');
    expect(usageError(['--event', eventId, '--format', 'csv'])).toBe('export needs --out FILE');
    expect(usageError(['--event', eventId, '--out', 'x.txt'])).toBe(
      'export needs --format csv or --format xlsx',
    );
    expect(() => parseExportArgs(['--event', eventId, '--colums', 'name'], folder.dir)).toThrow(
      /colums/,
    );
  });

  it('names the flag when the core refuses a value', async () => {
    const args = parseExportArgs(
      ['--event', eventId, '--out', 'x.csv', '--columns', 'name,shoeSize', '--filter', 'vip'],
      folder.dir,
    );
    const { io, out } = terminal(admin);
    expect(await runExport(args, io)).toBe(1);
    expect(out.stderr).toContain('--columns: Column must be one of: name, email');
    expect(out.stderr).toContain('--filter: Filter must be one of: all, registered');
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses door staff', async () => {
    const door = await staffCaller(test, admin, 'door');
    const { io, out } = terminal(door);
    const args = parseExportArgs(['--event', eventId, '--out', 'door.csv'], folder.dir);
    expect(await runExport(args, io)).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('cancels on interrupt and leaves no file', async () => {
    const interrupt = new AbortController();
    const { io, out } = terminal(admin, interrupt.signal);
    const args = parseExportArgs(['--event', eventId, '--out', 'interrupted.csv'], folder.dir);
    // Interrupt as soon as the first rows are written, like a person pressing Ctrl-C.
    const stop = test.core.subscribe((topic, payload) => {
      if (topic === 'exports.progress' && (payload as { rowsDone: number }).rowsDone > 0)
        interrupt.abort();
    });
    try {
      expect(await runExport(args, io)).toBe(130);
    } finally {
      stop();
    }
    expect(out.stderr).toContain('Export cancelled; no file was written.');
    expect(await folder.files()).not.toContain('interrupted.csv');
  });
});
