import type { CoreDeps } from '../deps';
import { AppError, notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import type { Sql } from '../db/db';
import { assertManages, assertSeesAttendees } from '../events/event-sql';
import { lockEventCounts } from '../registrations/capacity';
import { readAnswers, saveAnswers, validateAnswers } from './answers';

const registrationOf = (sql: Sql, id: string) =>
  sql.one<{ eventId: string; version: number; ticketTypeId: string | null }>(
    `select event_id as "eventId", answers_version as version, ticket_type_id as "ticketTypeId"
       from event_registrations where id = $1`,
    [id],
  );

export function answersHandlers(deps: CoreDeps): DomainHandlers<'answers'> {
  const { db } = deps;
  return {
    'answers.get': async (input, { user }) => {
      const registration = await registrationOf(db, input.registrationId);
      if (!registration) throw notFound('That registration');
      await assertSeesAttendees(db, user, registration.eventId);
      return {
        registrationId: input.registrationId,
        answers: await readAnswers(db, input.registrationId),
        version: registration.version,
      };
    },

    'answers.save': async (input, { user }) => {
      const found = await registrationOf(db, input.registrationId);
      if (!found) throw notFound('That registration');
      const { eventId } = found;
      const saved = await db.eventTx([eventId], async (sql) => {
        const event = (await lockEventCounts(sql, eventId))!;
        assertManages(user, event);
        const registration = (await sql.one<{ version: number; ticketTypeId: string | null }>(
          `select answers_version as version, ticket_type_id as "ticketTypeId"
             from event_registrations where id = $1 for update`,
          [input.registrationId],
        ))!;
        if (registration.version !== input.version) {
          throw new AppError(
            'CONFLICT',
            'Someone else saved these answers after you opened them. Reload to see their changes.',
          );
        }
        const answers = await validateAnswers(
          sql,
          eventId,
          registration.ticketTypeId,
          input.answers,
        );
        return saveAnswers(sql, user.id, eventId, input.registrationId, answers);
      });
      await deps.publishChange({ topic: 'registrations.changed', payload: { eventId } });
      return saved;
    },
  };
}
