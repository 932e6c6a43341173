import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import type { Envelope, TopicName, Topics } from '@shared/contract';
import type { CallContext, CoreConfig } from '../../electron/core';
import type { DeviceContext } from '../../electron/core/deps';
import { createMemorySecretStore } from '../../electron/core/secrets';
import { contentSecurityPolicy } from '../../electron/main/security';
import { startTestCore, type TestCore } from './core';
import { playSaveDialog, type SaveDialog } from './e2e-save-dialog';
import { onCleanup } from './cleanup';

// The built renderer in Debian's Chromium, talking to a real core in this process: the same
// page the app loads, with `window.usher` bridged the way the preload bridges it to main.

const root = resolve(__dirname, '../..');
const rendererDir = join(root, 'out/renderer');
// HTTPS (served by the route, no certificate involved) so the page is a secure context like the
// app's file:// page: crypto.randomUUID and the camera API exist only there.
const origin = 'https://usher.test';
const axePath = '/__e2e__/axe.min.js';
export const screenshotDir = join(root, 'test-results/screenshots');

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// Plain JavaScript, so no transpiler helper can sneak into the page. It mirrors the preload:
// a frozen `window.usher` whose invoke goes to the test's core and whose `on` hears pushes.
export const bridgeScript = `(() => {
  const listeners = new Map();
  const invoke = window.__usherInvoke;
  Object.defineProperty(window, '__usherPush', {
    value: (topic, payload) => {
      for (const listener of listeners.get(topic) ?? []) listener(payload);
    },
  });
  Object.defineProperty(window, 'usher', {
    value: Object.freeze({
      invoke: (channel, input) => invoke(channel, input),
      on(topic, listener) {
        if (!listeners.has(topic)) listeners.set(topic, new Set());
        listeners.get(topic).add(listener);
        return () => listeners.get(topic).delete(listener);
      },
    }),
  });
})();`;

type Call = (channel: string, input: unknown, ctx: CallContext) => Promise<Envelope<unknown>>;

export interface E2e {
  test: TestCore;
  /** This desktop's settings file and (in-memory) keychain, as the test core sees them. */
  device: DeviceContext;
  /** Opens the app in a fresh browser context: its own window, its own session. */
  open(options?: OpenOptions): Promise<AppPage>;
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  /** Answers calls instead of the test core, e.g. the router main uses when the core fails. */
  call?: Call;
  /**
   * The harness plays main's save dialog: the file an export goes to, or null for a closed
   * dialog (see e2e-save-dialog.ts). Without it, starting an export is a finding in `problems`.
   */
  saveDialog?: SaveDialog;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface AppPage {
  page: Page;
  /** This window's session, as main keeps one per window. */
  ctx: CallContext;
  /** Delivers a push topic, as main's `webContents.send` does. */
  push<T extends TopicName>(topic: T, payload: Topics[T]): Promise<void>;
  /** Console errors, uncaught exceptions and unexpected requests seen so far. */
  problems: string[];
  screenshot(name: string): Promise<void>;
  /** axe-core's serious and critical findings on the page as it is now. */
  seriousA11yViolations(): Promise<AxeViolation[]>;
}

export function assertRendererBuilt(): void {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${join(rendererDir, 'index.html')} is missing). ` +
        'Run `npx electron-vite build` first; `npm test` does it before vitest.',
    );
  }
}

/** URL path ("/assets/index-abc.js") to file contents. */
type RendererFiles = Map<string, Buffer>;

/**
 * The built renderer, read once per test file. Several people build into the same `out/` while
 * tests run; a file served from disk mid-build could vanish between two requests of one page
 * load. A snapshot whose index.html names an asset it lacks is a build in progress: wait for it.
 */
async function snapshotRenderer(): Promise<RendererFiles> {
  for (let attempt = 0; ; attempt++) {
    try {
      const files: RendererFiles = new Map();
      for (const entry of await readdir(rendererDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        files.set(`/${relative(rendererDir, path).split('\\').join('/')}`, await readFile(path));
      }
      const index = files.get('/index.html')?.toString('utf8') ?? '';
      const assets = [...index.matchAll(/(?:src|href)="\.(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      if (index && assets.every((asset) => files.has(asset))) {
        files.set(axePath, await readFile(join(root, 'node_modules/axe-core/axe.min.js')));
        return files;
      }
    } catch (error) {
      if (attempt >= 60) throw error;
    }
    if (attempt >= 60) throw new Error('The renderer build in out/renderer is incomplete');
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
  }
}

/** A real core on a fresh database, and a Chromium to open pages against it; both closed after the file. */
export interface StartOptions {
  /** More Chromium switches, e.g. a fake camera playing a file. */
  chromiumArgs?: string[];
}

export async function startE2e(
  label: string,
  config: Partial<CoreConfig> = {},
  options: StartOptions = {},
): Promise<E2e> {
  assertRendererBuilt();
  const files = await snapshotRenderer();
  const dataDir = await mkdtemp(join(tmpdir(), `usher-e2e-${label}-`));
  onCleanup(() => rm(dataDir, { recursive: true, force: true }));
  const device: DeviceContext = {
    settingsFile: join(dataDir, 'settings.json'),
    secrets: createMemorySecretStore(),
  };
  const test = await startTestCore({ device, ...config }, `e2e_${label}`);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...chromiumArgs, ...(options.chromiumArgs ?? [])],
  });
  // After-hooks run last-registered first: pages close before the core and its database go.
  onCleanup(() => browser.close());
  return { test, device, open: (options) => openPage(browser, test, files, options) };
}

async function openPage(
  browser: Browser,
  test: TestCore,
  files: RendererFiles,
  options: OpenOptions = {},
) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 820 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const ctx: CallContext = { token: null };
  const call: Call =
    options.call ?? ((channel, input, callCtx) => test.core.call(channel, input, callCtx));

  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  // The app makes no network requests at all; anything but our own files is a finding.
  await page.route('**/*', (route) => {
    problems.push(`unexpected request: ${route.request().url()}`);
    return route.abort();
  });
  await page.route(`${origin}/**`, (route) => serveRenderer(route, files));
  await page.exposeBinding('__usherInvoke', async (_source, channel: string, input: unknown) => {
    // As main does: an export's file comes from the save dialog, not from the renderer.
    const step = await playSaveDialog(channel, input, options.saveDialog, problems);
    return 'answer' in step ? step.answer : call(channel, step.input, ctx);
  });
  await page.addInitScript({ content: bridgeScript });

  const push = async <T extends TopicName>(topic: T, payload: Topics[T]) => {
    if (page.isClosed()) return;
    await page.evaluate(
      ([name, body]) =>
        (globalThis as unknown as { __usherPush(t: string, p: unknown): void }).__usherPush(
          name,
          body,
        ),
      [topic, payload] as const,
    );
  };
  const unsubscribe = test.core.subscribe((topic, payload) => {
    void push(topic, payload).catch(() => undefined);
  });
  page.on('close', unsubscribe);

  await page.goto(`${origin}/index.html`);

  const app: AppPage = {
    page,
    ctx,
    push,
    problems,
    async screenshot(name) {
      await mkdir(screenshotDir, { recursive: true });
      await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
    },
    async seriousA11yViolations() {
      await page.addScriptTag({ url: `${origin}${axePath}` });
      const violations = await page.evaluate(async () => {
        type Result = {
          violations: {
            id: string;
            impact: string | null;
            help: string;
            nodes: { target: unknown[] }[];
          }[];
        };
        const axe = (globalThis as unknown as { axe: { run(): Promise<Result> } }).axe;
        const result = await axe.run();
        return result.violations.map((violation) => ({
          id: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')),
        }));
      });
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    },
  };
  return app;
}

/** Serves the renderer snapshot (and axe-core for the accessibility checks) under https://usher.test/. */
function serveRenderer(route: Route, files: RendererFiles): Promise<void> {
  const { pathname } = new URL(route.request().url());
  const path = pathname === '/' ? '/index.html' : decodeURIComponent(pathname);
  const body = files.get(path);
  if (!body) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' });
  return route.fulfill({
    status: 200,
    contentType: contentTypes[extname(path)] ?? 'application/octet-stream',
    // The same policy main adds as a header, on top of the page's own meta tag.
    headers: { 'Content-Security-Policy': contentSecurityPolicy },
    body,
  });
}
