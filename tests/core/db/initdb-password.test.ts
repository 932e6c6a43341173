import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalPostgres } from '../../../electron/core/db/local-postgres';
import { onCleanup } from '../../support/cleanup';

// While the embedded database is created, its password must never sit in a file another user
// could read, nor outlive the start: not even when the app is killed at that very moment.
const root = resolve(__dirname, '../../..');
const child = join(__dirname, 'start-child.ts');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function filesHolding(dir: string, secret: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    const text = await readFile(file).catch(() => Buffer.alloc(0));
    if (text.includes(secret)) found.push(file);
  }
  return found;
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  for (const start = Date.now(); !(await check()); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
  }
}

describe('the embedded database password while the database is created', () => {
  it('is in no file, even when the app is killed while initdb runs', async () => {
    const base = await mkdtemp(join(tmpdir(), 'usher-initdb-'));
    onCleanup(() => rm(base, { recursive: true, force: true }));
    await chmod(base, 0o755); // as root the server runs as "postgres", which must enter it
    // The child's temporary folder is inside `base`, so every file it could leave is looked at.
    const childTmp = join(base, 'tmp');
    await mkdir(childTmp, { mode: 0o1777 });
    const dataDir = join(base, 'data', 'postgres');
    const password = `initdb-secret-${Math.random().toString(36).slice(2)}`;

    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, password], {
      cwd: root,
      env: { ...process.env, TMPDIR: childTmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let gone = false;
    const exited = new Promise((r) => proc.once('exit', r)).then(() => (gone = true));
    // initdb has begun writing the new cluster: the password has been handed over by now.
    const pending = async () =>
      (await readdir(join(base, 'data')).catch(() => [] as string[])).filter((n) =>
        n.startsWith('postgres.initialising'),
      );
    let handedOver = false;
    await until(async () => {
      const [folder] = await pending();
      handedOver ||= !!folder && existsSync(join(base, 'data', folder, 'PG_VERSION'));
      return gone || handedOver;
    }, 50_000);
    expect(gone, stderr).toBe(false);
    expect(await filesHolding(base, password)).toEqual([]);
    proc.kill('SIGKILL');
    await exited;

    expect(await filesHolding(base, password)).toEqual([]);
    // The next start begins again from nothing and serves with the same password.
    const server = await startLocalPostgres({ dataDir, password });
    onCleanup(() => server.stop());
    expect(await pending()).toEqual([]);
    await server.stop();
    expect(await filesHolding(base, password)).toEqual([]);
  });
});
