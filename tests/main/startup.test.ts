import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '@shared/contract';
import { claimSingleInstance, createServing } from '../../electron/main/startup';

function fakeApp(gotLock: boolean) {
  const listeners = new Map<string, () => void>();
  return {
    listeners,
    requestSingleInstanceLock: vi.fn(() => gotLock),
    on: vi.fn((event: string, listener: () => void) => listeners.set(event, listener)),
  };
}

function fakeWindow(minimized: boolean) {
  return {
    isMinimized: () => minimized,
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
  };
}

describe('a second launch', () => {
  it('brings the open window to the front, restoring it when minimised', () => {
    const app = fakeApp(true);
    const window = fakeWindow(true);
    const open = vi.fn();
    expect(claimSingleInstance(app, () => [window], open)).toBe(true);
    app.listeners.get('second-instance')!();
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
  });

  it('opens a window when the first Usher has none (macOS keeps running without one)', () => {
    const app = fakeApp(true);
    const open = vi.fn();
    claimSingleInstance(app, () => [], open);
    app.listeners.get('second-instance')!();
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('tells the second process to stand down, with no handler of its own', () => {
    const app = fakeApp(false);
    expect(claimSingleInstance(app, () => [], vi.fn())).toBe(false);
    expect(app.on).not.toHaveBeenCalled();
  });
});

describe('calls made while the core starts', () => {
  it('wait for what main serves first, then go to whatever it serves now', async () => {
    const serving = createServing();
    const answer = (value: string) => async (): Promise<Envelope<unknown>> => ({ ok: true, value });
    const early = serving.call('auth.session', {}, { token: null });
    let settled = false;
    void early.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false); // the window is up; its first call is still waiting
    serving.serve(answer('fallback'));
    expect(await early).toEqual({ ok: true, value: 'fallback' });
    serving.serve(answer('core'));
    expect(await serving.call('auth.session', {}, { token: null })).toEqual({
      ok: true,
      value: 'core',
    });
  });
});
