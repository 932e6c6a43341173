import type { CoreDeps } from '../deps';
import { AppError, conflict, notFound } from '../errors';
import { assertManages } from '../events/event-sql';
import type { DomainHandlers } from '../handlers';
import { exportAttendees } from './export-attendees';
import { checkTargetPath } from './target-path';
import { answerColumns } from '../questions/answer-columns';

// Each running export holds a database connection; a few at a time leave the pool for the rest.
const maxRunning = 3;

export function exportsHandlers(deps: CoreDeps): DomainHandlers<'exports'> {
  const running = new Map<string, { userId: string; controller: AbortController }>();

  return {
    'exports.attendees': async (input, { user }) => {
      const event = await deps.db.one<{ createdBy: string | null; timeZone: string }>(
        'select created_by as "createdBy", time_zone as "timeZone" from events where id = $1',
        [input.eventId],
      );
      if (!event) throw notFound('That event');
      assertManages(user, event);
      const answers = await answerColumns(deps.db, input.eventId, input.answerColumns);
      const path = await checkTargetPath(input.path);
      if (running.has(input.exportId)) throw conflict('An export with this id is already running');
      if (running.size >= maxRunning) {
        throw new AppError(
          'UNAVAILABLE',
          `${maxRunning} exports are running; try again when one ends`,
        );
      }
      const controller = new AbortController();
      running.set(input.exportId, { userId: user.id, controller });
      try {
        return await exportAttendees(deps, {
          ...input,
          path,
          actorId: user.id,
          timeZone: event.timeZone,
          answers,
          signal: controller.signal,
        });
      } finally {
        running.delete(input.exportId);
      }
    },

    'exports.cancel': async ({ exportId }, { user }) => {
      const job = running.get(exportId);
      // Someone else's export is not this caller's to stop (admins excepted).
      if (!job || (job.userId !== user.id && user.role !== 'admin')) return { cancelled: false };
      job.controller.abort();
      return { cancelled: true };
    },
  };
}
