import { beforeEach, describe, expect, it, vi } from 'vitest';

// A fake `electron` module: just enough of BrowserWindow and shell to watch what main does.
const created: FakeWindow[] = [];
class FakeWindow {
  listeners = new Map<string, (...args: unknown[]) => void>();
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  loaded: string | undefined;
  webContents = {
    on: (name: string, fn: (...args: unknown[]) => void) => this.listeners.set(name, fn),
    setWindowOpenHandler: (fn: (details: { url: string }) => { action: string }) => {
      this.openHandler = fn;
    },
  };
  constructor(readonly options: Record<string, unknown>) {
    created.push(this);
  }
  once() {}
  show() {}
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
}
const openExternal = vi.fn(async () => undefined);
vi.mock('electron', () => ({ BrowserWindow: FakeWindow, shell: { openExternal } }));

const { createMainWindow, windowOptions } = await import('../../electron/main/window');
const { contentSecurityPolicy } = await import('../../electron/main/security');

const rendererUrl = 'file:///app/out/renderer/index.html';

beforeEach(() => {
  created.length = 0;
  openExternal.mockClear();
});

describe('the main window', () => {
  it('isolates and sandboxes the renderer', () => {
    const prefs = windowOptions('/app/out/preload/index.js').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/out/preload/index.js',
    });
  });

  it('blocks navigation away from the app and new windows', () => {
    createMainWindow('/app/out/preload/index.js', rendererUrl);
    const window = created[0]!;
    expect(window.loaded).toBe(rendererUrl);

    const navigate = window.listeners.get('will-navigate')!;
    const away = { preventDefault: vi.fn() };
    navigate(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    navigate(inside, rendererUrl + '#/events');
    expect(inside.preventDefault).not.toHaveBeenCalled();

    expect(window.openHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://docs.example/');
    expect(window.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('has a strict content security policy', () => {
    expect(contentSecurityPolicy).toContain("default-src 'self'");
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|https?:/);
  });
});
