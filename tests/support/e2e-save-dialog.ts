import type { Envelope } from '@shared/contract';

/**
 * The harness plays main's save dialog (electron/main/save-dialog.ts). In the app the renderer
 * sends `exports.attendees` with `path: ''`; main asks the person where to save and sends the core
 * that file instead, or, when they close the dialog, answers a cancelled export without calling
 * the core at all. Here the test is the person: its `SaveDialog` returns the file (a path in a
 * temporary folder it chose), or null for a closed dialog. It may also take its time: until it
 * answers, the export has not started, as while the native dialog is open.
 */
export type SaveDialog = (request: SaveRequest) => string | null | Promise<string | null>;

export interface SaveRequest {
  /** The channel main chose a file for: an export, or a PDF of tickets or badges. */
  channel: string;
  exportId: string;
  eventId: string;
  format: 'csv' | 'xlsx' | 'pdf';
}

/** Main's save dialog covers these (electron/main/save-dialog.ts `saveTargets`). */
const pdfChannels = ['tickets.pdf', 'tickets.batch', 'badges.pdf', 'badges.batch'];

export type MainStep = { input: unknown } | { answer: Envelope<unknown> };

/** What main does to a call before the core sees it: only calls that write a file are touched. */
export async function playSaveDialog(
  channel: string,
  input: unknown,
  saveDialog: SaveDialog | undefined,
  problems: string[],
): Promise<MainStep> {
  const pdf = pdfChannels.includes(channel);
  if (channel !== 'exports.attendees' && !pdf) return { input };
  const request = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  if (!saveDialog) {
    problems.push(`save dialog: ${channel} was called, but the test gave open() no saveDialog`);
  }
  const path = saveDialog
    ? await saveDialog({
        channel,
        exportId: String(request.exportId),
        eventId: String(request.eventId),
        format: pdf ? 'pdf' : request.format === 'xlsx' ? 'xlsx' : 'csv',
      })
    : null;
  if (path === null && pdf) {
    return {
      answer: {
        ok: false,
        error: { code: 'CONFLICT', message: 'Nothing was saved: no file was chosen.' },
      },
    };
  }
  if (path === null) return { answer: { ok: true, value: { status: 'cancelled', rowsDone: 0 } } };
  return { input: { ...request, path } };
}
