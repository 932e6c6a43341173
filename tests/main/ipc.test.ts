import { describe, expect, it, vi } from 'vitest';
import { channelNames } from '@shared/contract';
import {
  isRendererUrl,
  registerChannels,
  trustedSender,
  type InvokeEvent,
} from '../../electron/main/ipc';

const rendererUrl = 'file:///opt/Usher/resources/app.asar/out/renderer/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEvent, input: unknown) => Promise<unknown>>();
  return {
    handlers,
    handle: vi.fn(
      (channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<unknown>) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, listener);
      },
    ),
  };
}

const event = (url: string, id = 1): InvokeEvent => ({ sender: { id }, senderFrame: { url } });

function wire(ipcMain = fakeIpcMain()) {
  const call = vi.fn(async () => ({ ok: true as const, value: 'handled' }));
  const refused = vi.fn();
  registerChannels(ipcMain, {
    channels: channelNames,
    // Main's own check, with window 1 as the only window main created.
    isTrustedSender: trustedSender((id) => id === 1, rendererUrl),
    call,
    onRefused: refused,
  });
  return { ipcMain, call, refused };
}

describe('main IPC wiring', () => {
  it('registers every contract channel exactly once', () => {
    const { ipcMain } = wire();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channelNames].sort());
    expect(ipcMain.handle).toHaveBeenCalledTimes(channelNames.length);
  });

  it('refuses a duplicate channel list', () => {
    expect(() =>
      registerChannels(fakeIpcMain(), {
        channels: ['auth.session', 'auth.session'],
        isTrustedSender: () => true,
        call: async () => ({ ok: true, value: null }),
      }),
    ).toThrow(/twice/);
  });

  it('passes calls from our renderer through to the core', async () => {
    const { ipcMain, call } = wire();
    const result = await ipcMain.handlers.get('auth.session')!(event(rendererUrl), {});
    expect(result).toEqual({ ok: true, value: 'handled' });
    expect(call).toHaveBeenCalledWith('auth.session', {}, event(rendererUrl));
  });

  it.each([
    ['a remote page', event('https://evil.example/index.html')],
    ['another local file', event('file:///tmp/evil.html')],
    ['an unknown window', event(rendererUrl, 99)],
    ['a frame that is gone', { sender: { id: 1 }, senderFrame: null }],
  ])('refuses %s without calling the core', async (_label, foreign) => {
    const { ipcMain, call, refused } = wire();
    const result = await ipcMain.handlers.get('users.list')!(foreign as InvokeEvent, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(call).not.toHaveBeenCalled();
    expect(refused).toHaveBeenCalledWith('users.list', foreign);
  });

  it('matches the dev server by origin', () => {
    expect(isRendererUrl('http://localhost:5173/#/events', 'http://localhost:5173/')).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isRendererUrl('not a url', rendererUrl)).toBe(false);
  });
});
