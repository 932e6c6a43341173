import { randomUUID } from 'node:crypto';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Envelope, ErrorBody, Topics } from '@shared/contract';
import type { ExportResult } from '@shared/contract/exports';
import type { TopicListener } from '../core/topics';
import { UsageError } from './usage';

export const exportUsage = `Usage: usher export --event ID --format csv|xlsx --out FILE [options]

  --event ID        the event whose attendees to write
  --format F        csv or xlsx (may be left out when FILE ends in .csv or .xlsx)
  --out FILE        where to write; the file appears only once it is complete
  --columns A,B     name, email, ticketCode, status, registeredAt, checkedInAt,
                    checkInDevice, waitlistPosition (default: all, in this order)
  --filter F        all, registered, waitlisted, cancelled, checkedIn or noShow (default: all)
  --bom             start a CSV file with a byte order mark, for Excel
  --email, --password   sign in (or USHER_EMAIL and USHER_PASSWORD)

Progress goes to stderr, the result envelope to stdout. Ctrl-C cancels and leaves no file.`;

export interface ExportArgs {
  help: boolean;
  email?: string;
  password?: string;
  /** The `exports.attendees` input, still to be validated by the core. */
  input: Record<string, unknown> & { exportId: string; path: string };
}

/** Reads the flags of `usher export`; a mistake in them throws a UsageError (exit code 2). */
export function parseExportArgs(argv: string[], cwd: string): ExportArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      event: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      columns: { type: 'string' },
      filter: { type: 'string' },
      bom: { type: 'boolean', default: false },
      email: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const { event, out, columns, filter, bom, email, password, help } = values;
  if (help) return { help, input: { exportId: '', path: '' } };
  if (!event) throw new UsageError('export needs --event ID');
  if (!out) throw new UsageError('export needs --out FILE');
  const extension = extname(out).slice(1).toLowerCase();
  const format = values.format ?? (['csv', 'xlsx'].includes(extension) ? extension : undefined);
  if (!format) throw new UsageError('export needs --format csv or --format xlsx');
  return {
    help,
    email,
    password,
    input: {
      exportId: randomUUID(),
      eventId: event,
      format,
      path: resolve(cwd, out),
      ...(columns !== undefined && { columns: columns.split(',').map((c) => c.trim()) }),
      ...(filter !== undefined && { filter }),
      bom,
    },
  };
}

export interface ExportCommandIo {
  call(channel: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: TopicListener): () => void;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Aborted on Ctrl-C: the export is cancelled and its partial file removed. */
  signal?: AbortSignal;
}

// The core's input names, as the flags a person typed.
const flagFor: Record<string, string> = {
  eventId: '--event',
  format: '--format',
  path: '--out',
  columns: '--columns',
  filter: '--filter',
  bom: '--bom',
};

/**
 * Runs `usher export` on a signed-in caller: progress on stderr, the result envelope on stdout.
 * Exit code 0 when written, 1 when refused or failed, 130 when cancelled.
 */
export async function runExport(args: ExportArgs, io: ExportCommandIo): Promise<number> {
  const { exportId } = args.input;
  const live = io.stderr.isTTY === true;
  let shown = false;
  const unsubscribe = io.subscribe((topic, payload) => {
    if (topic !== 'exports.progress') return;
    const progress = payload as Topics['exports.progress'];
    if (progress.exportId !== exportId) return;
    const percent = progress.totalRows
      ? Math.floor((100 * progress.rowsDone) / progress.totalRows)
      : 100;
    const line = `Exporting: ${progress.rowsDone} of ${progress.totalRows} rows (${percent}%)`;
    io.stderr.write(live ? `\r${line}` : `${line}\n`);
    shown = live;
  });
  const cancel = () => void io.call('exports.cancel', { exportId });
  io.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const result = (await io.call('exports.attendees', args.input)) as Envelope<ExportResult>;
    if (shown) io.stderr.write('\n');
    io.stdout.write(JSON.stringify(result) + '\n');
    if (!result.ok) {
      io.stderr.write(`usher export: ${describe(result.error)}\n`);
      return 1;
    }
    if (result.value.status === 'cancelled') {
      io.stderr.write('Export cancelled; no file was written.\n');
      return 130;
    }
    io.stderr.write(`Wrote ${result.value.rows} rows to ${result.value.path}\n`);
    return 0;
  } finally {
    io.signal?.removeEventListener('abort', cancel);
    unsubscribe();
  }
}

// A refused input names the flag to fix, e.g. "--out: The folder /x does not exist".
function describe(error: ErrorBody): string {
  if (!error.fields) return error.message;
  return Object.entries(error.fields)
    .map(([key, message]) => `${flagFor[key.split('.')[0]!] ?? key}: ${message}`)
    .join('\n  ');
}
