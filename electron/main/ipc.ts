import type { Envelope } from '@shared/contract';

/** The slice of Electron's IpcMainInvokeEvent the wrapper reads; tests pass plain objects. */
export interface InvokeEvent {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<unknown>): void;
}

export interface ChannelWiring {
  channels: readonly string[];
  /** True only for frames of our own renderer, in windows we created. */
  isTrustedSender(event: InvokeEvent): boolean;
  call(channel: string, input: unknown, event: InvokeEvent): Promise<Envelope<unknown>>;
  onRefused?(channel: string, event: InvokeEvent): void;
}

/**
 * The one place IPC handlers are registered: one `handle` per contract channel, each behind the
 * sender check. Validation, session, role and envelope happen in the core's router.
 */
export function registerChannels(ipcMain: IpcMainLike, wiring: ChannelWiring): void {
  const seen = new Set<string>();
  for (const channel of wiring.channels) {
    if (seen.has(channel)) throw new Error(`Channel ${channel} registered twice`);
    seen.add(channel);
    ipcMain.handle(channel, async (event, input) => {
      if (!wiring.isTrustedSender(event)) {
        wiring.onRefused?.(channel, event);
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Refused: unknown sender' } };
      }
      return wiring.call(channel, input, event);
    });
  }
}

/**
 * Main's sender check: a call counts only from a window main created (by its webContents id)
 * and from a frame showing our renderer, never an iframe or a page navigated elsewhere.
 */
export function trustedSender(
  isOurWindow: (webContentsId: number) => boolean,
  rendererUrl: string,
): (event: InvokeEvent) => boolean {
  return (event) =>
    isOurWindow(event.sender.id) &&
    event.senderFrame !== null &&
    isRendererUrl(event.senderFrame.url, rendererUrl);
}

/** A frame is ours when it shows our renderer: same origin, and for file: URLs the same file. */
export function isRendererUrl(frameUrl: string, rendererUrl: string): boolean {
  let frame: URL;
  let ours: URL;
  try {
    frame = new URL(frameUrl);
    ours = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (ours.protocol === 'file:')
    return frame.protocol === 'file:' && frame.pathname === ours.pathname;
  return frame.origin === ours.origin;
}
