import { vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

// The one fake `electron` module, installed for every test file by tests/support/setup.ts.
// Main's glue is tested against it; each piece records what main asked of it so tests can look.
// Electron itself cannot run on these machines, and the core never imports it.

type Listener = (...args: unknown[]) => void;

/** The windows main created, newest last. Cleared by `resetFakeElectron`. */
export const createdWindows: FakeBrowserWindow[] = [];

export class FakeBrowserWindow {
  listeners = new Map<string, Listener>();
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  loaded: string | undefined;
  destroyed = false;
  /** What each print was asked with; every window answers with `printAnswer`. */
  printed: Record<string, unknown>[] = [];
  static printAnswer: [success: boolean, reason: string] = [true, ''];
  webContents = {
    on: (name: string, fn: Listener) => this.listeners.set(name, fn),
    print: (options: Record<string, unknown>, done: (success: boolean, reason: string) => void) => {
      this.printed.push(options);
      done(...FakeBrowserWindow.printAnswer);
    },
    setWindowOpenHandler: (fn: (details: { url: string }) => { action: string }) => {
      this.openHandler = fn;
    },
  };
  constructor(readonly options: Record<string, unknown>) {
    createdWindows.push(this);
  }
  once() {}
  show() {}
  destroy() {
    this.destroyed = true;
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
}

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };
export const dialog = { showSaveDialog: vi.fn() };

/** The template of the last menu main built. */
export const menus: { last: MenuItemConstructorOptions[] } = { last: [] };
export const Menu = {
  buildFromTemplate: (template: MenuItemConstructorOptions[]) => {
    menus.last = template;
    return { template };
  },
};

export const BrowserWindow = FakeBrowserWindow;

export function resetFakeElectron(): void {
  createdWindows.length = 0;
  FakeBrowserWindow.printAnswer = [true, ''];
  shell.openExternal.mockClear();
  dialog.showSaveDialog.mockReset();
  menus.last = [];
}
