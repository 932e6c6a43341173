import { dialog, type BrowserWindow } from 'electron';
import type { Envelope } from '@shared/contract';

/**
 * The renderer never names a file on disk: for an export, main asks the person with the native
 * save dialog and uses the path they chose, whatever the renderer sent. Closing the dialog is a
 * cancelled export, not an error.
 */
export async function chooseExportPath(
  window: BrowserWindow | null,
  input: unknown,
  downloadsFolder: string,
): Promise<{ input: unknown } | { answer: Envelope<unknown> }> {
  const request = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const format = request.format === 'xlsx' ? 'xlsx' : 'csv';
  const options = {
    title: 'Export attendees',
    defaultPath: `${downloadsFolder}/attendees.${format}`,
    filters: [
      format === 'xlsx'
        ? { name: 'Excel workbook', extensions: ['xlsx'] }
        : { name: 'CSV (comma-separated values)', extensions: ['csv'] },
    ],
    properties: ['createDirectory', 'showOverwriteConfirmation'] as (
      'createDirectory' | 'showOverwriteConfirmation'
    )[],
  };
  const chosen = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options);
  if (chosen.canceled || !chosen.filePath) {
    return { answer: { ok: true, value: { status: 'cancelled', rowsDone: 0 } } };
  }
  return { input: { ...request, path: chosen.filePath } };
}
