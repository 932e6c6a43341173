import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

/**
 * The hidden window that prints a badge: Chromium's own PDF viewer (plugins) on the one file just
 * written, in a session of its own, sandboxed, with no preload and nowhere to navigate.
 */
export const printWindowOptions: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: {
    partition: 'usher-badge-print',
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    plugins: true,
    spellcheck: false,
  },
};

/**
 * Prints a badge the door station rendered (electron/core/door/station/badge-queue.ts) through
 * the system print dialog, so staff pick the badge printer once and confirm each badge. The
 * station only calls this after the verdict has gone out; the dialog never holds up a scan.
 */
export async function printBadgePdf(badge: { attendeeName: string; pdf: Buffer }): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'usher-badge-'));
  const file = join(dir, 'badge.pdf');
  const window = new BrowserWindow({ ...printWindowOptions, title: badge.attendeeName });
  try {
    await writeFile(file, badge.pdf, { mode: 0o600 });
    window.webContents.on('will-navigate', (event: { preventDefault(): void }) =>
      event.preventDefault(),
    );
    await window.loadURL(pathToFileURL(file).href);
    await new Promise<void>((resolve, reject) =>
      window.webContents.print({ silent: false, printBackground: true }, (success, reason) =>
        // Staff closing the dialog is their choice, not a failure.
        success || /cancel/i.test(reason) ? resolve() : reject(new Error(reason)),
      ),
    );
  } finally {
    window.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
