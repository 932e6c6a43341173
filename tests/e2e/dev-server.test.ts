import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveConfig } from 'electron-vite';
import { chromium, type Browser } from 'playwright-core';
import { createServer, mergeConfig, type Plugin, type ViteDevServer } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core';
import { findFreeLoopbackPort } from '../../electron/core/db/local-postgres';
import {
  contentSecurityPolicy,
  rendererContentSecurityPolicy,
  withContentSecurityPolicy,
} from '../../electron/main/security';
import { onCleanup } from '../support/cleanup';
import { setupAdmin, startTestCore, type TestCore } from '../support/core';
import { bridgeScript, chromiumArgs } from '../support/e2e';

// `npm run dev` as a developer meets it: the renderer served by the Vite dev server with the
// config electron-vite resolves for `serve`, seen in Chromium under the headers main adds in
// dev mode (the window was blank when main's CSP blocked React Refresh's inline preamble).
const root = resolve(__dirname, '../..');
let server: ViteDevServer;
let url: string;
let browser: Browser;
let test: TestCore;
let policy: string;

beforeAll(async () => {
  const resolved = await resolveConfig({ root }, 'serve', 'development');
  const port = await findFreeLoopbackPort();
  // What main sends in dev mode: the nonce electron.vite.config.ts made for this run.
  policy = rendererContentSecurityPolicy({ nonce: process.env.USHER_DEV_CSP_NONCE });
  // Main's onHeadersReceived, played by the server itself: intercepting in the browser instead
  // would make Chromium treat the page as public and refuse its loopback HMR socket.
  const mainHeaders: Plugin = {
    name: 'main-dev-headers',
    configureServer(dev) {
      dev.middlewares.use((_req, res, next) => {
        const headers = withContentSecurityPolicy({}, policy);
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        next();
      });
    },
  };
  server = await createServer(
    mergeConfig(resolved.config!.renderer!, {
      server: { host: '127.0.0.1', port, strictPort: true },
      logLevel: 'warn',
      plugins: [mainHeaders],
    }),
  );
  onCleanup(() => server.close());
  await server.listen();
  url = `http://127.0.0.1:${port}`;
  test = await startTestCore({}, 'e2e_dev_server');
  await setupAdmin(test);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  onCleanup(() => browser.close());
}, 120_000);

describe('the app in development mode', () => {
  it('shows the sign-in screen from the dev server under main’s dev-time headers', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    // Chromium asks every http page for /favicon.ico; the app has none. Anything else counts.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
        problems.push(m.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const ctx: CallContext = { token: null };
    await page.exposeBinding('__usherInvoke', (_source, channel: string, input: unknown) =>
      test.core.call(channel, input, ctx),
    );
    await page.addInitScript({ content: bridgeScript });
    const served = await page.goto(`${url}/`);
    expect(served!.headers()['content-security-policy']).toBe(policy);

    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor({ timeout: 30_000 });
    expect(problems).toEqual([]);
    // Still strict: an inline script without this run's nonce is refused.
    expect(policy).toContain("script-src 'self' 'nonce-");
    expect(policy.match(/script-src [^;]*/)![0]).not.toContain('unsafe-inline');
    await page.close();
  });

  it('leaves the built page as strict as before: no nonce, scripts from its own files only', () => {
    const built = join(root, 'out', 'renderer', 'index.html');
    expect(existsSync(built), 'run `npx electron-vite build` first').toBe(true);
    const html = readFileSync(built, 'utf8');
    expect(html).not.toContain('nonce');
    expect(html).toMatch(/script-src 'self';/);
    expect(rendererContentSecurityPolicy(null)).toBe(contentSecurityPolicy);
  });
});
