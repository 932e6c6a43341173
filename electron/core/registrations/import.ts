import type { ImportResult } from '@shared/contract/registrations';
import type { ColumnMap, ImportProgressNote } from '@shared/contract/import-mapping';
import type { UserDto } from '@shared/domain';
import type { Db } from '../db/db';
import type { CoreDeps } from '../deps';
import { AppError, invalid, notFound } from '../errors';
import { assertManages } from '../events/event-sql';
import { lockEventCounts } from './capacity';
import { readCsv } from './csv';
import { checkRow, isHeader, type ImportRow, type Rejection } from './import-rows';
import { defaultPlan, mappedPlan, type RowPlan } from './import-mapping';
import { importDetails } from './import-details';
import { createStaging, stageRows } from './import-staging';
import { judgeStaged, saveAccepted } from './import-decide';

// Rows per COPY: memory holds one batch of rows whatever the size of the file. Small enough that
// a batch is staged before the young generation is collected twice; at 5,000 the checked rows
// (name, email, answers) outlived it and the heap grew by ~0.5 KB a row until a full collection.
export const importBatchRows = 1000;

export type ImportProgress = Omit<ImportProgressNote, 'importId'>;

export interface ImportOptions {
  /** The file's first line is its header; these of its columns are read (see mappedPlan). */
  map?: ColumnMap;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Streams the file into the event in one transaction under the event lock: seats first, in file
 * order, then the waitlist, each row in its ticket type as registering would decide it. Each bad line is refused with its line and reason; rows for people
 * already registered, or already on an earlier line, too. Anything fatal (a broken file, a lost
 * connection) rolls the whole import back: nothing is half-imported.
 */
export async function importCsv(
  db: Db,
  eventId: string,
  csv: string,
  user: UserDto,
  { map, onProgress = () => {} }: ImportOptions = {},
): Promise<ImportResult> {
  return db.eventTx([eventId], async (sql) => {
    const event = await lockEventCounts(sql, eventId);
    if (!event) throw notFound('That event');
    assertManages(user, event);
    if (event.status === 'cancelled') throw new AppError('CONFLICT', 'This event is cancelled');
    await createStaging(sql);
    const details = await importDetails(sql, eventId);
    const rejected: Rejection[] = [];
    let plan: RowPlan | null = map ? null : defaultPlan;
    let lines = 0;
    let pending: ImportRow[] = [];
    let staged = 0;
    const reading = () => onProgress({ phase: 'reading', lines, saved: 0, toSave: null });
    for await (const record of readCsv(csv)) {
      lines = record.line;
      if (!plan) {
        plan = mappedPlan(record.fields, map!, details.questionKeys);
        continue;
      }
      if (map === undefined && isHeader(record)) continue;
      const mapped = plan(record);
      if (!mapped) continue;
      const checked = 'reason' in mapped ? mapped : checkRow(mapped, details.check);
      if ('reason' in checked) rejected.push(checked);
      else pending.push(checked);
      if (pending.length === importBatchRows) {
        staged += pending.length;
        await stageRows(sql, pending);
        pending = [];
        reading();
      }
    }
    if (!plan) throw invalid('csv', 'The file is empty');
    await stageRows(sql, pending);
    staged += pending.length;
    reading();
    const judged = await judgeStaged(sql, event, {
      staged,
      statementTimeoutMs: db.statementTimeoutMs,
    });
    const progress = (saved: number) =>
      onProgress({ phase: 'saving', lines, saved, toSave: judged.accepted });
    progress(0);
    const saved = await saveAccepted(sql, event, user.id, judged, progress);
    return {
      ...saved,
      rejected: [...rejected, ...judged.rejected].sort((a, b) => a.line - b.line),
    };
  });
}

// A note per batch is plenty for a progress bar; more would flood the window's IPC.
const noteEveryMs = 100;

/** Pushes an import's progress to this desktop's windows, at most every noteEveryMs. */
export function importProgress(
  deps: Pick<CoreDeps, 'topics'>,
  importId: string | undefined,
): (progress: ImportProgress) => void {
  if (!importId) return () => {};
  let last = 0;
  return (progress) => {
    const now = Date.now();
    const final = progress.phase === 'saving' && progress.saved === progress.toSave;
    if (!final && now - last < noteEveryMs) return;
    last = now;
    deps.topics.emit('registrations.importProgress', { importId, ...progress });
  };
}
