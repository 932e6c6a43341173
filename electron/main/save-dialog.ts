import { dialog, type BrowserWindow } from 'electron';
import type { Envelope } from '@shared/contract';

/**
 * The renderer never names a file on disk: for every channel that writes one, main asks the
 * person with the native save dialog and uses the path they chose, whatever the renderer sent.
 */
interface SaveTarget {
  title: string;
  fileName: string;
  filter: { name: string; extensions: string[] };
  /** What a closed dialog answers: an export is cancelled, a PDF simply not saved. */
  closed: Envelope<unknown>;
}

const pdf = { name: 'PDF document', extensions: ['pdf'] };
const notSaved: Envelope<unknown> = {
  ok: false,
  error: { code: 'CONFLICT', message: 'Nothing was saved: no file was chosen.' },
};

const saveTargets: Record<string, (request: Record<string, unknown>) => SaveTarget> = {
  'exports.attendees': (request) => {
    const format = request.format === 'xlsx' ? 'xlsx' : 'csv';
    return {
      title: 'Export attendees',
      fileName: `attendees.${format}`,
      filter:
        format === 'xlsx'
          ? { name: 'Excel workbook', extensions: ['xlsx'] }
          : { name: 'CSV (comma-separated values)', extensions: ['csv'] },
      closed: { ok: true, value: { status: 'cancelled', rowsDone: 0 } },
    };
  },
  'tickets.pdf': () => ({
    title: 'Save ticket',
    fileName: 'ticket.pdf',
    filter: pdf,
    closed: notSaved,
  }),
  'tickets.batch': () => ({
    title: 'Save tickets for printing',
    fileName: 'tickets.pdf',
    filter: pdf,
    closed: notSaved,
  }),
  'badges.pdf': () => ({
    title: 'Save name badge',
    fileName: 'badge.pdf',
    filter: pdf,
    closed: notSaved,
  }),
  'badges.batch': () => ({
    title: 'Save name badges for printing',
    fileName: 'badges.pdf',
    filter: pdf,
    closed: notSaved,
  }),
};

/** True for the channels whose `path` main chooses. */
export const writesFile = (channel: string) => Object.hasOwn(saveTargets, channel);

export async function chooseSavePath(
  window: BrowserWindow | null,
  channel: string,
  input: unknown,
  downloadsFolder: string,
): Promise<{ input: unknown } | { answer: Envelope<unknown> }> {
  const request = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const target = saveTargets[channel]!(request);
  const options = {
    title: target.title,
    defaultPath: `${downloadsFolder}/${target.fileName}`,
    filters: [target.filter],
    properties: ['createDirectory', 'showOverwriteConfirmation'] as (
      'createDirectory' | 'showOverwriteConfirmation'
    )[],
  };
  const chosen = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options);
  if (chosen.canceled || !chosen.filePath) return { answer: target.closed };
  return { input: { ...request, path: chosen.filePath } };
}
