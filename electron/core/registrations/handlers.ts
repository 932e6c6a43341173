import type { CoreDeps } from '../deps';
import { AppError, notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import { writeAudit } from '../audit/write-audit';
import type { Sql } from '../db/db';
import { assertManages, assertSeesAttendees } from '../events/event-sql';
import { newTicketCode } from './ticket-code';
import { promoteWaitlisted, readRegistration } from './capacity';
import { createRegisterQueue } from './register-queue';
import { editRegistration, lockRegistration } from './edit-registration';
import { transferRegistration } from './transfer';
import { typeCounts } from './seats';
import { importCsv, importProgress } from './import';
import { listRegistrations } from './list-registrations';
import { BrokenCsvError } from './csv';
import { queueMessages } from '../mail/queue';
import { checkRegisterAnswers } from '../questions/register-answers';

/** The event a registration belongs to (it never moves to another). */
async function eventOf(sql: Sql, id: string): Promise<string> {
  const found = await sql.one<{ eventId: string }>(
    'select event_id as "eventId" from event_registrations where id = $1',
    [id],
  );
  if (!found) throw notFound('That registration');
  return found.eventId;
}

export function registrationsHandlers(deps: CoreDeps): DomainHandlers<'registrations'> {
  const { db } = deps;
  const queue = createRegisterQueue(db);
  const changed = (eventId: string) =>
    deps.publishChange({ topic: 'registrations.changed', payload: { eventId } });

  return {
    'registrations.register': async (input, { user }) => {
      const answers = await checkRegisterAnswers(
        db,
        user,
        input.eventId,
        input.ticketTypeId,
        input.answers,
      );
      const outcome = await queue.register({
        eventId: input.eventId,
        name: input.name,
        email: input.email,
        ticketCode: newTicketCode(),
        ticketTypeId: input.ticketTypeId,
        actorId: user.id,
        actor: user,
        answers,
      });
      switch (outcome.kind) {
        case 'no-event':
          throw notFound('That event');
        case 'not-yours':
          throw new AppError(
            'FORBIDDEN',
            'Only the event’s organizer (or an admin) can register attendees',
          );
        case 'event-cancelled':
          throw new AppError('CONFLICT', 'This event is cancelled');
        case 'no-type':
          throw new AppError('VALIDATION', 'That ticket type is not one of this event’s', {
            ticketTypeId: 'Choose one of this event’s ticket types',
          });
        case 'duplicate':
          throw new AppError('CONFLICT', `${input.email} is already registered for this event`, {
            email: 'Already registered for this event',
          });
      }
      await changed(input.eventId);
      return { registration: outcome.registration, outcome: outcome.kind };
    },

    'registrations.cancel': async (input, { user }) => {
      const eventId = await eventOf(db, input.id);
      const result = await db.eventTx([eventId], async (sql) => {
        const { event, registration: before } = await lockRegistration(sql, input.id, eventId);
        assertManages(user, event);
        if (before.status === 'cancelled') return { registration: before, promoted: null };
        await sql.run(
          `update event_registrations set status = 'cancelled', cancelled_at = now(), updated_at = now()
            where id = $1`,
          [input.id],
        );
        await sql.run(
          `update events set registered_count = registered_count - ($2 = 'registered')::int,
                             waitlisted_count = waitlisted_count - ($2 = 'waitlisted')::int
            where id = $1`,
          [event.id, before.status],
        );
        const after = (await readRegistration(sql, input.id))!;
        await writeAudit(sql, {
          actorId: user.id,
          action: 'registrations.cancel',
          entity: 'registration',
          entityId: input.id,
          before,
          after,
        });
        await queueMessages(sql, 'cancelled', [input.id]);
        // The freed seat goes to the first in line, in this same transaction.
        const [promoted] =
          before.status === 'registered' ? await promoteWaitlisted(sql, event, user.id, 1) : [];
        return { registration: after, promoted: promoted ?? null };
      });
      await changed(result.registration.eventId);
      return result;
    },

    'registrations.promote': async (input, { user }) => {
      const eventId = await eventOf(db, input.id);
      const promoted = await db.eventTx([eventId], async (sql) => {
        const { event, registration } = await lockRegistration(sql, input.id, eventId);
        assertManages(user, event);
        if (registration.status !== 'waitlisted') {
          throw new AppError('CONFLICT', 'Only a waitlisted attendee can be moved in');
        }
        if (event.maxAttendees !== null && event.registeredCount >= event.maxAttendees) {
          throw new AppError(
            'FULL',
            'The event is full. Raise the capacity or cancel a registration first.',
          );
        }
        const type = (await typeCounts(sql, event.id)).find(
          (t) => t.id === registration.ticketTypeId,
        )!;
        if (type.capacity !== null && type.registeredCount >= type.capacity) {
          throw new AppError(
            'FULL',
            'This ticket type is full. Raise its capacity or cancel a registration of it first.',
          );
        }
        await sql.run(
          `update event_registrations set status = 'registered', updated_at = now() where id = $1`,
          [input.id],
        );
        await sql.run(
          `update events set registered_count = registered_count + 1,
                             waitlisted_count = waitlisted_count - 1 where id = $1`,
          [event.id],
        );
        const after = (await readRegistration(sql, input.id))!;
        await writeAudit(sql, {
          actorId: user.id,
          action: 'registrations.promote',
          entity: 'registration',
          entityId: input.id,
          before: registration,
          after,
        });
        await queueMessages(sql, 'promoted', [input.id]);
        return after;
      });
      await changed(promoted.eventId);
      return promoted;
    },

    'registrations.edit': async (input, { user }) => {
      const eventId = await eventOf(db, input.id);
      const result = await db.eventTx([eventId], (sql) =>
        editRegistration(sql, eventId, input, user),
      );
      await changed(eventId);
      return result;
    },

    'registrations.transfer': async (input, { user }) => {
      const eventId = await eventOf(db, input.id);
      const result = await db.eventTx([eventId], (sql) =>
        transferRegistration(sql, eventId, input, user),
      );
      await changed(eventId);
      return result;
    },

    'registrations.get': async (input, { user }) => {
      const registration = await readRegistration(db, input.id);
      if (!registration) throw notFound('That registration');
      await assertSeesAttendees(db, user, registration.eventId);
      return registration;
    },

    'registrations.list': async (input, { user }) => {
      await assertSeesAttendees(db, user, input.eventId);
      return listRegistrations(db, input);
    },

    'registrations.import': async (input, { user }) => {
      const result = await importCsv(db, input.eventId, input.csv, user, {
        map: input.map,
        onProgress: importProgress(deps, input.importId),
      }).catch((error: unknown) => {
        if (!(error instanceof BrokenCsvError)) throw error;
        throw new AppError('VALIDATION', error.message, { csv: error.message });
      });
      await changed(input.eventId);
      return result;
    },
  };
}
