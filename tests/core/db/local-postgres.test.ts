import { execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  findFreeLoopbackPort,
  startLocalPostgres,
  type LocalPostgres,
} from '../../../electron/core/db/local-postgres';

// Characters that must survive URL encoding.
const PASSWORD = `p@ss:w/rd%?#&${Math.random().toString(36).slice(2)}`;

let base: string;
const running: LocalPostgres[] = [];
const logs: string[] = [];

async function start(dataDir: string, password = PASSWORD, port?: number): Promise<LocalPostgres> {
  const db = await startLocalPostgres({ dataDir, password, port, log: (l) => logs.push(l) });
  running.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function postmasterPid(dataDir: string): Promise<number> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8');
  return Number.parseInt(text.split('\n')[0] ?? '', 10);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  for (const t = Date.now(); !check();) {
    if (Date.now() - t > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string): number =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

async function seeded(dataDir: string): Promise<LocalPostgres> {
  const db = await start(dataDir);
  await query(db.url, 'create table guests (name text primary key)');
  await query(db.url, "insert into guests values ('Ada'), ('Grace')");
  return db;
}

async function guests(db: LocalPostgres): Promise<string[]> {
  const rows = await query<{ name: string }>(db.url, 'select name from guests order by name');
  return rows.map((r) => r.name);
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'usher-local-pg-'));
  // As root the server runs as the "postgres" user, which must be able to enter the folder.
  await chmod(base, 0o755);
});

afterAll(async () => {
  await Promise.all(running.map((db) => db.stop()));
  await rm(base, { recursive: true, force: true });
});

describe('startLocalPostgres', () => {
  it('creates a cluster, serves real queries on loopback and keeps data across restarts', async () => {
    const dataDir = join(base, 'persist');
    let t = performance.now();
    const first = await start(dataDir);
    const firstStartMs = performance.now() - t;

    const url = new URL(first.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBe(first.port);
    expect(decodeURIComponent(url.password)).toBe(PASSWORD);
    expect(url.pathname).toBe('/usher');
    expect(await query(first.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    expect(await query(first.url, 'show listen_addresses')).toEqual([
      { listen_addresses: '127.0.0.1' },
    ]);
    await query(first.url, 'create table guests (name text primary key)');
    await query(first.url, "insert into guests values ('Ada'), ('Grace')");

    t = performance.now();
    await first.stop();
    const stopMs = performance.now() - t;
    await first.stop(); // idempotent
    await expect(query(first.url, 'select 1')).rejects.toThrow();

    t = performance.now();
    const second = await start(dataDir);
    const restartMs = performance.now() - t;
    expect(await guests(second)).toEqual(['Ada', 'Grace']);
    await second.stop();

    console.info(
      `local-postgres timings: init+start ${firstStartMs.toFixed(0)} ms, ` +
        `start ${restartMs.toFixed(0)} ms, stop ${stopMs.toFixed(0)} ms`,
    );
  });

  it('starts after the server was killed and left a stale postmaster.pid', async () => {
    const dataDir = join(base, 'killed');
    const first = await seeded(dataDir);
    const pid = await postmasterPid(dataDir);
    process.kill(pid, 'SIGKILL');
    await until(() => !alive(pid));
    expect(await postmasterPid(dataDir)).toBe(pid); // the lock file really is left behind

    await first.stop(); // must not hang on a server that is already gone
    const second = await start(dataDir);
    expect(await guests(second)).toEqual(['Ada', 'Grace']);
    expect(await postmasterPid(dataDir)).not.toBe(pid);
    await second.stop();
  });

  it('starts when the stale postmaster.pid names a pid now reused by another program', async () => {
    const dataDir = join(base, 'reused');
    await seeded(dataDir);
    const lockFile = join(dataDir, 'postmaster.pid');
    const pid = await postmasterPid(dataDir);
    process.kill(pid, 'SIGKILL');
    await until(() => !alive(pid));
    // PostgreSQL alone refuses to start when the pid in its lock file belongs to a live process
    // it may signal; as root the server runs as "postgres", so the stand-in must too.
    const asUser = process.getuid?.() === 0 ? postgresUserIds() : {};
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], asUser);
    try {
      const lock = (await readFile(lockFile, 'utf8')).split('\n');
      lock[0] = String(other.pid);
      await writeFile(lockFile, lock.join('\n'));

      const second = await start(dataDir);
      expect(await guests(second)).toEqual(['Ada', 'Grace']);
      expect(alive(other.pid!)).toBe(true); // a process that is not PostgreSQL is never signalled
      await second.stop();
    } finally {
      other.kill();
    }
  });

  it('stops a server orphaned by a killed app and starts its own', async () => {
    const dataDir = join(base, 'orphan');
    await seeded(dataDir); // never stopped, like an app killed with SIGKILL
    const pid = await postmasterPid(dataDir);

    const second = await start(dataDir);
    expect(alive(pid)).toBe(false);
    expect(await guests(second)).toEqual(['Ada', 'Grace']);
    await second.stop();
  });

  it('says plainly when the stored password does not match, and leaves no server behind', async () => {
    const dataDir = join(base, 'password');
    await (await start(dataDir)).stop();

    await expect(start(dataDir, 'not-the-password')).rejects.toThrow(
      /stored password for user "usher" does not match/,
    );
    await expect(readFile(join(dataDir, 'postmaster.pid'))).rejects.toThrow(/ENOENT/);
    const again = await start(dataDir);
    expect(await query(again.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await again.stop();
  });

  it('says plainly when the port is taken', async () => {
    const dataDir = join(base, 'port');
    await (await start(dataDir)).stop();
    const port = await findFreeLoopbackPort();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      await expect(start(dataDir, PASSWORD, port)).rejects.toThrow(
        `port ${port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('refuses a folder that holds other files instead of a database', async () => {
    const dataDir = join(base, 'foreign');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'notes.txt'), 'not a database');
    await expect(start(dataDir)).rejects.toThrow(/contains files but no database/);
    expect(await readFile(join(dataDir, 'notes.txt'), 'utf8')).toBe('not a database');
  });

  it('never writes the password to the log', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(PASSWORD);
  });
});
