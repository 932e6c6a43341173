import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminInput } from '../support/core';
import { createTestDatabase } from '../support/postgres';

// The real app in the real Electron: main, preload, sandbox and IPC together. The binary is
// not downloadable on every machine (ELECTRON_SKIP_BINARY_DOWNLOAD), and a run without it would
// prove nothing, so there it is reported as skipped, by name, never faked.

const root = resolve(__dirname, '../..');
const mainEntry = join(root, 'out/main/index.js');

/**
 * Where the `electron` package keeps its binary, if it is really there. Found the way the
 * package's own index.js finds it, but without requiring it: that would start a download.
 */
function electronBinary(): string | null {
  const packageDir = dirname(createRequire(__filename).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? join(override, name ?? 'electron')
    : name && join(packageDir, 'dist', name);
  return candidate && existsSync(candidate) ? candidate : null;
}

const binary = electronBinary();
if (!binary) {
  // Said in the run's output too: the default reporter does not print skipped tests' names.
  process.stderr.write(
    'electron-app.test.ts: skipped, the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); the core, main glue and renderer are tested without it.\n',
  );
}

describe('the packaged Electron app', () => {
  it.skipIf(binary === null)(
    binary
      ? 'starts on a team database and sets up the first admin through the real preload'
      : 'skipped: Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)',
    async () => {
      expect(existsSync(mainEntry), 'run `npx electron-vite build` first').toBe(true);
      const database = await createTestDatabase('e2e_electron');
      // Electron's userData on Linux is $XDG_CONFIG_HOME/<productName>: a fresh one per run.
      const configHome = await mkdtemp(join(tmpdir(), 'usher-electron-'));
      await mkdir(join(configHome, 'Usher'), { recursive: true });
      await writeFile(
        join(configHome, 'Usher', 'settings.json'),
        JSON.stringify({ mode: 'team', databaseUrl: database.url, redisUrl: '' }),
      );
      const app = await _electron.launch({
        executablePath: binary!,
        // Chromium refuses to run as root with its OS sandbox; the renderer sandbox stays on.
        args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
        env: { ...process.env, XDG_CONFIG_HOME: configHome } as Record<string, string>,
        timeout: 60_000,
      });
      try {
        const page = await app.firstWindow();
        await page.getByRole('heading', { name: 'Welcome to Usher' }).waitFor();
        // The renderer sees the preload's API and nothing of Node.
        expect(
          await page.evaluate(() => ({
            usher: typeof (globalThis as { usher?: { invoke?: unknown } }).usher?.invoke,
            require: typeof (globalThis as { require?: unknown }).require,
            process: typeof (globalThis as { process?: unknown }).process,
          })),
        ).toEqual({ usher: 'function', require: 'undefined', process: 'undefined' });

        await page.getByLabel('Full name').fill(adminInput.fullName);
        await page.getByLabel('Email').fill(adminInput.email);
        await page.getByLabel('Password', { exact: true }).fill(adminInput.password);
        await page.getByLabel('Confirm password').fill(adminInput.password);
        await page.getByRole('button', { name: 'Create admin account' }).click();
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
        await page.getByRole('banner').getByText(adminInput.fullName).waitFor();
      } finally {
        await app.close();
        await rm(configHome, { recursive: true, force: true });
        await database.drop();
      }
    },
    120_000,
  );
});
