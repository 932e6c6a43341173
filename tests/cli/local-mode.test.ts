import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { onCleanup } from '../support/cleanup';

// `usher` without DATABASE_URL: the app's local mode, on a data folder of this test's own.
const bin = join(__dirname, '../../electron/cli/usher.cjs');
let dataDir: string;
let typedDir: string;

beforeAll(async () => {
  if (!existsSync(join(__dirname, '../../out/main/cli.js'))) {
    throw new Error('The CLI is not built: run `npm run build` (npm test builds first)');
  }
  const base = await mkdtemp(join(tmpdir(), 'usher-cli-local-'));
  onCleanup(() => rm(base, { recursive: true, force: true }));
  await chmod(base, 0o755); // as root the server runs as "postgres", which must enter it
  dataDir = join(base, 'Usher');
  typedDir = join(base, 'Typed');
});

function usher(args: string[], extra: NodeJS.ProcessEnv = {}, folder = dataDir) {
  return new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, USHER_DATA_DIR: folder, ...extra };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [bin, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe('usher in local mode', () => {
  it("keeps PostgreSQL's own log lines to --verbose", async () => {
    const quiet = await usher(['migrate']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('The database is at the latest schema.\n');

    const verbose = await usher(['migrate', '--verbose']);
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stderr).toMatch(/"message":"postgres".*ready to accept connections/);
  });
});

describe('usher in local mode with a password typed at each start', () => {
  const password = 'the password I type each time';

  it('takes it from USHER_LOCAL_DATABASE_PASSWORD, and says plainly when it is missing or wrong', async () => {
    await mkdir(typedDir);
    await writeFile(join(typedDir, 'settings.json'), JSON.stringify({ localPassword: 'typed' }));
    const typed = { USHER_LOCAL_DATABASE_PASSWORD: password };
    const created = await usher(['migrate'], typed, typedDir);
    expect(created.code, created.stderr).toBe(0);

    const missing = await usher(['migrate'], {}, typedDir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^usher: Type the password .* USHER_LOCAL_DATABASE_PASSWORD/);
    const wrong = await usher(
      ['migrate'],
      { USHER_LOCAL_DATABASE_PASSWORD: 'not my password!' },
      typedDir,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('usher: That is not the password of this database.\n');
    expect((await usher(['migrate'], typed, typedDir)).code).toBe(0);
  });
});
