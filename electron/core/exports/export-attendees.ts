import type { ExportResult } from '@shared/contract/exports';
import type { ChannelParsedInput } from '@shared/contract';
import { writeAudit } from '../audit/write-audit';
import type { CoreDeps } from '../deps';
import { AppError, invalid } from '../errors';
import { createAtomicFile } from './atomic-file';
import { streamAttendees } from './stream-attendees';
import type { AnswerColumn } from '../questions/answer-columns';

export type ExportRequest = ChannelParsedInput<'exports.attendees'> & {
  actorId: string;
  timeZone: string;
  /** The answer columns' questions, checked to be the event's, with their headers. */
  answers: readonly AnswerColumn[];
  signal: AbortSignal;
};

// At most about this many progress notes per export, whatever its size.
const progressSteps = 100;

/**
 * Writes the file under a temporary name, records the export in the audit log, then renames it:
 * a cancelled or failed export leaves nothing behind, and no finished file exists unaudited.
 */
export async function exportAttendees(
  { db, log, topics }: Pick<CoreDeps, 'db' | 'log' | 'topics'>,
  request: ExportRequest,
): Promise<ExportResult> {
  const { exportId } = request;
  const audit = (after: Record<string, unknown>) =>
    writeAudit(db, {
      actorId: request.actorId,
      action: 'exports.attendees',
      entity: 'event',
      entityId: request.eventId,
      after: {
        exportId,
        format: request.format,
        columns: request.columns,
        filter: request.filter,
        path: request.path,
        ...after,
      },
    });

  let rowsDone = 0;
  let nextNote = 0;
  const onProgress = (done: number, totalRows: number) => {
    rowsDone = done;
    if (done < nextNote && done < totalRows) return;
    nextNote = done + Math.max(1, Math.ceil(totalRows / progressSteps));
    topics.emit('exports.progress', { exportId, rowsDone: done, totalRows });
  };

  const file = await createAtomicFile(request.path, exportId).catch((error) => {
    throw fileError(error, request.path);
  });
  try {
    const outcome = await streamAttendees(db, { ...request, onProgress }, file.stream).catch(
      async (error: unknown) => {
        await audit({ outcome: 'failed', rows: rowsDone }).catch((auditError: unknown) =>
          log.error('export audit failed', { exportId, error: String(auditError) }),
        );
        throw fileError(error, request.path);
      },
    );
    if (outcome.cancelled) {
      await audit({ outcome: 'cancelled', rows: outcome.rows });
      return { status: 'cancelled', rowsDone: outcome.rows };
    }
    await audit({ outcome: 'done', rows: outcome.rows });
    const bytes = await file.commit();
    return { status: 'done', rows: outcome.rows, path: request.path, bytes };
  } finally {
    await file.discard().catch((error: unknown) =>
      log.warn('could not remove a temporary export file', {
        path: file.tempPath,
        error: String(error),
      }),
    );
  }
}

/** File-system failures the person at the desk can fix get a plain message; others stay INTERNAL. */
function fileError(error: unknown, path: string): unknown {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return invalid('path', `Usher cannot write to ${path}`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('UNAVAILABLE', 'There is not enough disk space to save the export');
    default:
      return error;
  }
}
