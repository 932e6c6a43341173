import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExportColumn } from '@shared/contract/exports';
import type { Cell, CellKind } from './attendee-query';

/** What a file holds, column by column, in the caller's order. */
export interface ExportLayout {
  /** The chosen columns, then one `answer` per answer column. */
  columns: readonly (ExportColumn | 'answer')[];
  headers: readonly string[];
  kinds: readonly CellKind[];
}

/** Turns batches of rows into one file format on a stream. */
export interface RowSink {
  /** Resolves once the stream can take more, so a slow disk slows the cursor, not memory. */
  write(rows: readonly (readonly Cell[])[]): Promise<void>;
  /** Writes the file's closing bytes and resolves when the stream is finished and closed. */
  end(): Promise<void>;
}

/** Waits for room on `out`; rejects at once if it already failed (a failed stream never drains). */
export async function roomOn(out: Writable): Promise<void> {
  if (out.errored) throw out.errored;
  if (out.writableNeedDrain) await once(out, 'drain');
}
