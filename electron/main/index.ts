import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  session as electronSession,
  type WebContents,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { channelNames } from '@shared/contract';
import type { Core } from '../core';
import { doorFileIn, launchCore, LocalPasswordError, settingsFileIn } from '../core/launch';
import { consoleLogger } from '../core/log';
import { openUnavailableCore, type UnavailableCore } from '../core/unavailable';
import { createKeychainStore, createSessionFallbackStore } from '../core/secrets/keychain';
import { registerChannels, trustedSender } from './ipc';
import { createWindowSessions } from './window-sessions';
import { chooseSavePath, writesFile } from './save-dialog';
import { startLocalWith } from './start-local';
import { createMainWindow } from './window';
import { hardenSession, rendererContentSecurityPolicy } from './security';
import { buildMenu } from './menu';
import { printBadgePdf } from './print-badge';
import { claimSingleInstance, createServing } from './startup';

const log = consoleLogger;
// The dev server (`npm run dev`) only when running from source: an installed app never loads
// its page from an address the environment names.
const devServer = !app.isPackaged && process.env.ELECTRON_RENDERER_URL;
const rendererUrl =
  devServer || pathToFileURL(join(__dirname, '../renderer/index.html')).toString();
const policy = rendererContentSecurityPolicy(
  devServer ? { nonce: process.env.USHER_DEV_CSP_NONCE } : null,
);
const preloadPath = join(__dirname, '../preload/index.js');

// A second launch only wakes the first (see claimSingleInstance) and quits at once.
const primary = claimSingleInstance(app, () => BrowserWindow.getAllWindows(), openWindow);
if (primary) app.enableSandbox();
else app.quit();

const secrets = createSessionFallbackStore(createKeychainStore('Usher'));
const dataDir = app.getPath('userData');
const device = {
  settingsFile: settingsFileIn(dataDir),
  doorFile: doorFileIn(dataDir),
  secrets,
  printBadge: printBadgePdf,
};
let core: Core | null = null;
let fallback: UnavailableCore | null = null;
const serving = createServing();
let unsubscribe = () => {};
const sessions = createWindowSessions(secrets);
const windows = new Set<number>();
const RETRY_MS = 15_000;

function serve(target: Core | UnavailableCore) {
  unsubscribe();
  serving.serve(target.call);
  unsubscribe = target.subscribe((topic, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      window.webContents.send('usher:topic', { topic, payload });
    }
  });
}

/**
 * Starts the core; if it cannot start (say the team server is out of reach), serves the
 * fallback, which explains why and keeps the door station working, and tries again every few
 * seconds: once the server answers, "Try again" in the window finds the real core. Resolves with
 * the failure, if any. `localPassword`: typed by the person (local mode without a keychain).
 */
let starting: Promise<Error | null> | null = null;
async function start(localPassword?: string): Promise<Error | null> {
  if (core) return null;
  // A retry in flight knows no typed password: let it finish, then try with the password.
  if (starting && localPassword !== undefined) await starting;
  starting ??= attempt(localPassword).finally(() => (starting = null));
  return starting;
}

async function attempt(localPassword?: string): Promise<Error | null> {
  if (core) return null;
  try {
    const started = await launchCore({ dataDir, device, log, localPassword });
    await fallback?.close();
    fallback = null;
    core = started;
    core.startMailWorker();
    serve(core);
    return null;
  } catch (error) {
    const message = (error as Error).message;
    if (!fallback) {
      log.error('core failed to start', { error: message });
      fallback = openUnavailableCore(device, `Usher could not start: ${message}`, log);
      serve(fallback);
    }
    // A wrong typed password: retrying without the right one cannot succeed.
    const wrongPassword = error instanceof LocalPasswordError && error.kind === 'wrong';
    if (!wrongPassword) setTimeout(() => void start(), RETRY_MS).unref();
    return error as Error;
  }
}

app.whenReady().then(() => {
  if (!primary) return;
  hardenSession(electronSession.defaultSession, rendererUrl, policy);
  Menu.setApplicationMenu(
    buildMenu((command) =>
      BrowserWindow.getFocusedWindow()?.webContents.send('usher:topic', {
        topic: 'app.command',
        payload: { command },
      }),
    ),
  );
  registerChannels(ipcMain, {
    channels: channelNames,
    isTrustedSender: trustedSender((id) => windows.has(id), rendererUrl),
    call: async (channel, input, event) => {
      if (writesFile(channel)) {
        const window = BrowserWindow.fromWebContents(event.sender as WebContents);
        const chosen = await chooseSavePath(window, channel, input, app.getPath('downloads'));
        if ('answer' in chosen) return chosen.answer;
        input = chosen.input;
      }
      if (channel === 'settings.startLocal' && !core) return startLocalWith(input, start);
      return serving.call(channel, input, await sessions.contextFor(event.sender.id));
    },
    onRefused: (channel, event) =>
      log.warn('ipc refused', { channel, url: event.senderFrame?.url ?? 'unknown' }),
  });
  // The window at once, in its starting state; the core starts behind it.
  openWindow();
  void start();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

function openWindow() {
  const window = createMainWindow(preloadPath, rendererUrl);
  const id = window.webContents.id;
  windows.add(id);
  window.on('closed', () => {
    windows.delete(id);
    sessions.forget(id);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let closing = false;
app.on('before-quit', (event) => {
  if (closing || !primary || (!core && !fallback && !starting)) return;
  // Stop PostgreSQL cleanly (local mode) and close the door file before the process goes; a
  // start still under way finishes first, so its server is not left running.
  event.preventDefault();
  closing = true;
  void Promise.resolve(starting)
    .then(() => (core ?? fallback)?.close())
    .finally(() => app.quit());
});
