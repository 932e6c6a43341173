import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput, Envelope } from '@shared/contract';
import type { ExportResult } from '@shared/contract/exports';
import { call, subscribe } from '../../api/client';

/** What the person chose; the run adds its id, and main adds the file. */
export type ExportOptions = Omit<ChannelInput<'exports.attendees'>, 'exportId' | 'path'>;

export interface ExportProgress {
  rowsDone: number;
  /** Unknown until the app has counted the rows (in the app, after the save dialog). */
  totalRows: number | null;
  cancelling: boolean;
}

interface Job {
  exportId: string;
  /** The app has sent progress, so it knows the export and a cancel reaches it. */
  started: boolean;
  cancelWanted: boolean;
}

// The app reports progress only once it runs the export; a cancel sent before would miss it, so
// callers send it once `started`.
const sendCancel = (current: Job) => void call('exports.cancel', { exportId: current.exportId });

/**
 * One export at a time from a dialog: its progress from `exports.progress`, and a cancel that
 * reaches the export even when pressed before the app has started it.
 */
export function useExportRun() {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const job = useRef<Job | null>(null);

  const start = async (options: ExportOptions): Promise<Envelope<ExportResult>> => {
    const current: Job = { exportId: crypto.randomUUID(), started: false, cancelWanted: false };
    job.current = current;
    setProgress({ rowsDone: 0, totalRows: null, cancelling: false });
    // Subscribed before the call, so not even the first note can slip past.
    const stop = subscribe('exports.progress', (note) => {
      if (note.exportId !== current.exportId) return;
      const first = !current.started;
      current.started = true;
      if (first && current.cancelWanted) sendCancel(current);
      setProgress(
        (shown) => shown && { ...shown, rowsDone: note.rowsDone, totalRows: note.totalRows },
      );
    });
    try {
      // An empty path: main shows the save dialog and puts the chosen file in its place.
      return await call('exports.attendees', { ...options, exportId: current.exportId, path: '' });
    } finally {
      stop();
      if (job.current === current) job.current = null;
      setProgress(null);
    }
  };

  const cancel = useCallback(() => {
    const current = job.current;
    if (!current || current.cancelWanted) return;
    current.cancelWanted = true;
    setProgress((shown) => shown && { ...shown, cancelling: true });
    if (current.started) sendCancel(current);
  }, []);

  // A dialog that goes away mid-export (Escape, signed out) stops the work nobody will see end.
  useEffect(() => cancel, [cancel]);

  return { progress, start, cancel };
}
