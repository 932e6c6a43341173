import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createdWindows as created, resetFakeElectron, shell } from '../support/fake-electron';

import { createMainWindow, windowOptions } from '../../electron/main/window';
import { contentSecurityPolicy } from '../../electron/main/security';

const rendererUrl = 'file:///app/out/renderer/index.html';

beforeEach(resetFakeElectron);

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
    expect(shell.openExternal).toHaveBeenCalledWith('https://docs.example/');
    expect(window.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('has a strict content security policy', () => {
    expect(contentSecurityPolicy).toContain("default-src 'self'");
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|https?:/);
  });
});
