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
import { launchCore, settingsFileIn } from '../core/launch';
import { consoleLogger } from '../core/log';
import { createUnavailableRouter } from '../core/unavailable';
import { createKeychainStore, createSessionFallbackStore } from '../core/secrets/keychain';
import { isRendererUrl, registerChannels } from './ipc';
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
const device = { settingsFile: settingsFileIn(app.getPath('userData')), secrets };
let core: Core | null = null;
let call: Core['call'];
const sessions = createWindowSessions(secrets);
const windows = new Set<number>();

async function start() {
  try {
    core = await launchCore({ dataDir: app.getPath('userData'), device, log });
    call = core.call;
    core.subscribe((topic, payload) => {
      for (const window of BrowserWindow.getAllWindows()) {
        window.webContents.send('usher:topic', { topic, payload });
      }
    });
  } catch (error) {
    const reason = `Usher could not start: ${(error as Error).message}`;
    log.error('core failed to start', { error: (error as Error).message });
    call = createUnavailableRouter(device, reason, log).call;
  }
}

app.whenReady().then(async () => {
  hardenSession(electronSession.defaultSession, rendererUrl);
  Menu.setApplicationMenu(buildMenu());
  await start();
  registerChannels(ipcMain, {
    channels: channelNames,
    isTrustedSender: (event) =>
      windows.has(event.sender.id) &&
      event.senderFrame !== null &&
      isRendererUrl(event.senderFrame.url, rendererUrl),
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
  if (closing || !core) return;
  // Stop PostgreSQL cleanly (local mode) before the process goes.
  event.preventDefault();
  closing = true;
  void core.close().finally(() => app.quit());
});
