import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Envelope, ErrorBody, Topics } from '@shared/contract';
import { parseMapSpec } from '@shared/contract/import-mapping';
import type { ImportResult } from '@shared/contract/registrations';
import type { TopicListener } from '../core/topics';
import { UsageError } from './usage';

export const importUsage = `Usage: usher import --event ID [--map "COLUMN=TARGET,..."] FILE

  --event ID        the event to register the file's attendees for
  --map SPEC        the header's columns to read and where each goes, e.g.
                    "Full name=name,E-mail=email" or "First=firstName,Last=lastName,Mail=email".
                    Targets: name, firstName, lastName, email, ticketType (a type's name, any
                    case; blank: the event's first type) and question:KEY (the answer to the
                    event's question with that key). Without --map the file is name,email per
                    line, with an optional header row.
  --email, --password   sign in (or USHER_EMAIL and USHER_PASSWORD)

Progress goes to stderr, the result envelope to stdout. All or nothing: a file that cannot be
read as CSV imports nobody; each refused line is listed with its reason.`;

export interface ImportArgs {
  help: boolean;
  email?: string;
  password?: string;
  file: string;
  /** The `registrations.import` input without the file's text, still to be validated. */
  input: { importId: string; eventId: string; map?: Record<string, string> };
}

/** Reads the flags of `usher import`; a mistake in them throws a UsageError (exit code 2). */
export function parseImportArgs(argv: string[], cwd: string): ImportArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      event: { type: 'string' },
      map: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const { event, map, email, password, help } = values;
  const empty = { importId: '', eventId: '' };
  if (help) return { help, file: '', input: empty };
  if (!event) throw new UsageError('import needs --event ID');
  if (positionals.length !== 1) throw new UsageError('import needs exactly one FILE');
  let columns: Record<string, string> | undefined;
  try {
    columns = map === undefined ? undefined : parseMapSpec(map);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    help,
    email,
    password,
    file: resolve(cwd, positionals[0]!),
    input: { importId: randomUUID(), eventId: event, ...(columns && { map: columns }) },
  };
}

export interface ImportCommandIo {
  call(channel: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: TopicListener): () => void;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/**
 * Runs `usher import` on a signed-in caller: progress on stderr, the result envelope on stdout.
 * Exit code 0 when imported (even with refused lines, which the envelope lists), 1 when refused.
 */
export async function runImport(args: ImportArgs, io: ImportCommandIo): Promise<number> {
  let csv: string;
  try {
    csv = await readFile(args.file, 'utf8');
  } catch (error) {
    io.stderr.write(`usher import: cannot read ${args.file}: ${(error as Error).message}\n`);
    return 1;
  }
  const live = io.stderr.isTTY === true;
  let shown = false;
  const unsubscribe = io.subscribe((topic, payload) => {
    if (topic !== 'registrations.importProgress') return;
    const note = payload as Topics['registrations.importProgress'];
    if (note.importId !== args.input.importId) return;
    const line =
      note.phase === 'reading'
        ? `Reading: ${note.lines} lines`
        : `Saving: ${note.saved} of ${note.toSave ?? 0} attendees`;
    io.stderr.write(live ? `\r${line}\u001b[K` : `${line}\n`);
    shown = live;
  });
  try {
    const result = (await io.call('registrations.import', {
      ...args.input,
      csv,
    })) as Envelope<ImportResult>;
    if (shown) io.stderr.write('\n');
    io.stdout.write(JSON.stringify(result) + '\n');
    if (!result.ok) {
      io.stderr.write(`usher import: ${describe(result.error)}\n`);
      return 1;
    }
    const { registered, waitlisted, rejected } = result.value;
    io.stderr.write(
      `Registered ${registered}, waitlisted ${waitlisted}, refused ${rejected.length} lines\n`,
    );
    return 0;
  } finally {
    unsubscribe();
  }
}

// A refused input names the flag to fix, e.g. "--map: The file has no column "Mail" ...".
function describe(error: ErrorBody): string {
  if (!error.fields) return error.message;
  const flag: Record<string, string> = { eventId: '--event', map: '--map', csv: 'FILE' };
  return Object.entries(error.fields)
    .map(([key, message]) => `${flag[key.split('.')[0]!] ?? key}: ${message}`)
    .join('\n  ');
}
