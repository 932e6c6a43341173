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
import { doorFileIn, launchCore, settingsFileIn } from '../core/launch';
import { consoleLogger } from '../core/log';
import { openUnavailableCore, type UnavailableCore } from '../core/unavailable';
import { createKeychainStore, createSessionFallbackStore } from '../core/secrets/keychain';
import { registerChannels, trustedSender } from './ipc';
import { createWindowSessions } from './window-sessions';
import { chooseExportPath } from './export-dialog';
import { createMainWindow } from './window';
import { hardenSession } from './security';
import { buildMenu } from './menu';

const log = consoleLogger;
const rendererUrl = process.env.ELECTRON_RENDERER_URL
  ? process.env.ELECTRON_RENDERER_URL
  : pathToFileURL(join(__dirname, '../renderer/index.html')).toString();
const preloadPath = join(__dirname, '../preload/index.js');

if (!app.requestSingleInstanceLock()) app.quit();
app.enableSandbox();

const secrets = createSessionFallbackStore(createKeychainStore('Usher'));
const dataDir = app.getPath('userData');
const device = { settingsFile: settingsFileIn(dataDir), doorFile: doorFileIn(dataDir), secrets };
let core: Core | null = null;
let fallback: UnavailableCore | null = null;
let call: Core['call'];
let unsubscribe = () => {};
const sessions = createWindowSessions(secrets);
const windows = new Set<number>();
const RETRY_MS = 15_000;

function serve(target: Core | UnavailableCore) {
  unsubscribe();
  call = target.call as Core['call'];
  unsubscribe = target.subscribe((topic, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      window.webContents.send('usher:topic', { topic, payload });
    }
  });
}

/**
 * Starts the core; if it cannot start (say the team server is out of reach), serves the
 * fallback, which explains why and keeps the door station working, and tries again every few
 * seconds: once the server answers, "Try again" in the window finds the real core.
 */
let starting = false;
async function start() {
  if (starting || core) return;
  starting = true;
  try {
    const started = await launchCore({ dataDir, device, log });
    await fallback?.close();
    fallback = null;
    core = started;
    core.startMailWorker();
    serve(core);
  } catch (error) {
    const message = (error as Error).message;
    if (!fallback) {
      log.error('core failed to start', { error: message });
      fallback = openUnavailableCore(device, `Usher could not start: ${message}`, log);
      serve(fallback);
    }
    setTimeout(() => void start(), RETRY_MS).unref();
  } finally {
    starting = false;
  }
}

app.whenReady().then(async () => {
  hardenSession(electronSession.defaultSession, rendererUrl);
  Menu.setApplicationMenu(
    buildMenu((command) =>
      BrowserWindow.getFocusedWindow()?.webContents.send('usher:topic', {
        topic: 'app.command',
        payload: { command },
      }),
    ),
  );
  await start();
  registerChannels(ipcMain, {
    channels: channelNames,
    isTrustedSender: trustedSender((id) => windows.has(id), rendererUrl),
    call: async (channel, input, event) => {
      if (channel === 'exports.attendees') {
        const window = BrowserWindow.fromWebContents(event.sender as WebContents);
        const chosen = await chooseExportPath(window, input, app.getPath('downloads'));
        if ('answer' in chosen) return chosen.answer;
        input = chosen.input;
      }
      return call(channel, input, await sessions.contextFor(event.sender.id));
    },
    onRefused: (channel, event) =>
      log.warn('ipc refused', { channel, url: event.senderFrame?.url ?? 'unknown' }),
  });
  openWindow();
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
  const running = core ?? fallback;
  if (closing || !running) return;
  // Stop PostgreSQL cleanly (local mode) and close the door file before the process goes.
  event.preventDefault();
  closing = true;
  void running.close().finally(() => app.quit());
});
