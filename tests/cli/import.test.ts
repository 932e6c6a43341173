import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  parseImportArgs,
  runImport,
  type ImportCommandIo,
} from '../../electron/cli/import-command';
import { UsageError } from '../../electron/cli/usage';
import { onCleanup } from '../support/cleanup';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../support/core';
import { createEvent } from '../support/events';

let test: TestCore;
let admin: Caller;
let dir: string;

beforeAll(async () => {
  test = await startTestCore({}, 'import_cli');
  admin = await setupAdmin(test);
  dir = await mkdtemp(join(tmpdir(), 'usher-import-cli-'));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
});

function terminal() {
  const out = { stdout: '', stderr: '' };
  const io: ImportCommandIo = {
    call: (channel, input) => test.core.call(channel, input, admin.ctx),
    subscribe: test.core.subscribe,
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text), isTTY: false },
  };
  return { io, out };
}

const usageError = (argv: string[]) => {
  try {
    parseImportArgs(argv, dir);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('usher import', () => {
  it('imports the columns --map names, with progress on stderr', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const file = join(dir, 'mapped.csv');
    const people = Array.from({ length: 6_000 }, (_, i) => `x,guest${i}@example.org,Guest ${i}`);
    await writeFile(file, ['Ignored,E-mail,Full name', ...people].join('\n'));
    const args = parseImportArgs(
      ['--event', event.id, '--map', 'Full name=name, E-mail=email', 'mapped.csv'],
      dir,
    );
    const { io, out } = terminal();
    expect(await runImport(args, io)).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      ok: true,
      value: { registered: 6_000, waitlisted: 0, rejected: [] },
    });
    expect(out.stderr).toMatch(/^Reading: \d+ lines$/m);
    expect(out.stderr).toMatch(/^Saving: 6000 of 6000 attendees$/m);
  });

  it('names the flag to fix when the mapping does not fit the file, importing nobody', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const file = join(dir, 'plain.csv');
    await writeFile(file, 'Name,Email\nAda,ada@example.org\n');
    const args = parseImportArgs(['--event', event.id, '--map', 'Name=name,Mail=email', file], dir);
    const { io, out } = terminal();
    expect(await runImport(args, io)).toBe(1);
    expect(out.stderr).toMatch(/--map: The file has no column "Mail"/);
    const page = await admin.ok('registrations.list', { eventId: event.id });
    expect(page.total).toBe(0);
  });

  it('refuses flags it cannot use', () => {
    expect(usageError(['x.csv'])).toMatch(/--event/);
    expect(usageError(['--event', 'e'])).toMatch(/one FILE/);
    expect(usageError(['--event', 'e', '--map', 'name', 'x.csv'])).toMatch(/not COLUMN=TARGET/);
    expect(usageError(['--event', 'e', '--map', 'A=name,A=email', 'x.csv'])).toMatch(/twice/);
  });
});
