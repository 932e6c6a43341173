import { execFile } from 'node:child_process';
import { constants, existsSync, statSync } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { listPackage } from '@electron/asar';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalPostgres } from '../../electron/core/db/local-postgres';
import { findPostgresBinaries, platformPackage } from '../../electron/core/db/postgres-binaries';
import { onCleanup } from '../support/cleanup';

// The installed app, laid out by electron-builder itself (`--dir`, the same electron-builder.yml
// as `npm run dist`), with a stand-in for the Electron distribution since Electron's binary
// cannot be downloaded here. Local mode is then resolved the way the packaged main process
// resolves it: the platform package's entry file inside resources/app.asar.
const run = promisify(execFile);
const root = join(__dirname, '..', '..');
let work: string;
let resources: string;

beforeAll(async () => {
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
    throw new Error('Build the app first (npx electron-vite build): the package holds out/**');
  }
  work = await mkdtemp(join(tmpdir(), 'usher-packaged-'));
  onCleanup(() => rm(work, { recursive: true, force: true }));
  await chmod(work, 0o755); // as root the server runs as "postgres", which must enter it
  const electronDist = join(work, 'electron-dist');
  await mkdir(electronDist);
  await writeFile(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  await run(
    process.execPath,
    [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--dir',
      '--linux',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${join(work, 'dist')}`,
      // Native modules are already built for this Node; rebuilding for Electron is not tested here.
      '-c.npmRebuild=false',
    ],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  resources = join(work, 'dist', 'linux-unpacked', 'resources');
}, 300_000);

/** What `require.resolve` answers in the packaged main process: a path inside app.asar. */
const resolveInPackage = (name: string) =>
  join(resources, 'app.asar', 'node_modules', ...name.split('/'), 'dist', 'index.js');

describe('local mode in the packaged app', () => {
  it('resolves the PostgreSQL programs to real executables outside app.asar', async () => {
    const archived = listPackage(join(resources, 'app.asar'), { isPack: false });
    const entry = resolveInPackage(platformPackage()).slice(join(resources, 'app.asar').length);
    // The entry the app resolves is in the archive, and app.asar is one file: nothing inside it
    // can be spawned.
    expect(archived).toContain(entry);
    expect(archived).toContain(`${sep}out${sep}main${sep}index.js`);
    expect(statSync(join(resources, 'app.asar')).isFile()).toBe(true);

    const binaries = await findPostgresBinaries(resolveInPackage);
    for (const program of [binaries.initdb, binaries.postgres]) {
      expect(program.startsWith(join(resources, 'app.asar.unpacked') + sep)).toBe(true);
      await access(program, constants.X_OK);
      expect((await run(program, ['--version'])).stdout).toMatch(/\(PostgreSQL\) \d+/);
    }
  });

  it('creates and starts PostgreSQL from those programs', async () => {
    const dataDir = join(work, 'user-data', 'postgres');
    const password = 'packaged-app-password';
    const binaries = await findPostgresBinaries(resolveInPackage);
    const server = await startLocalPostgres({ dataDir, password, binaries });
    onCleanup(() => server.stop());
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string }>('select version()');
      expect(rows[0]!.version).toMatch(/^PostgreSQL \d+/);
    } finally {
      await client.end();
    }
    await server.stop();
  });
});
