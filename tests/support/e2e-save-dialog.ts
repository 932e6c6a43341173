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
  exportId: string;
  eventId: string;
  format: 'csv' | 'xlsx';
}

export type MainStep = { input: unknown } | { answer: Envelope<unknown> };

/** What main does to a call before the core sees it: only exports are touched. */
export async function playSaveDialog(
  channel: string,
  input: unknown,
  saveDialog: SaveDialog | undefined,
  problems: string[],
): Promise<MainStep> {
  if (channel !== 'exports.attendees') return { input };
  const request = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  if (!saveDialog) {
    problems.push('save dialog: an export was started, but the test gave open() no saveDialog');
  }
  const path = saveDialog
    ? await saveDialog({
        exportId: String(request.exportId),
        eventId: String(request.eventId),
        format: request.format === 'xlsx' ? 'xlsx' : 'csv',
      })
    : null;
  if (path === null) return { answer: { ok: true, value: { status: 'cancelled', rowsDone: 0 } } };
  return { input: { ...request, path } };
}
