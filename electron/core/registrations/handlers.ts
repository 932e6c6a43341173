import type { Page, RegistrationDto } from '@shared/domain';
import type { CoreDeps } from '../deps';
import { AppError, notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import { writeAudit } from '../audit/write-audit';
import type { Sql } from '../db/db';
import { seesEvent } from '@shared/access';
import { normalizeTicketCode } from '@shared/ticket-code';
import { assertManages } from '../events/event-sql';
import { likePattern } from '../sql-format';
import { newTicketCode } from './ticket-code';
import { lockEventCounts, promoteWaitlisted, readRegistration } from './capacity';
import { createRegisterQueue } from './register-queue';
import { registrationColumns } from './registration-sql';
import { importRows } from './import';
import { checkImportRows } from './import-rows';

/** Locks the registration's event, then the registration: the order every writer uses. */
async function lockRegistration(sql: Sql, id: string) {
  const found = await sql.one<{ eventId: string }>(
    'select event_id as "eventId" from event_registrations where id = $1',
    [id],
  );
  if (!found) throw notFound('That registration');
  const event = (await lockEventCounts(sql, found.eventId))!;
  const registration = (await sql.one<RegistrationDto>(
    `select ${registrationColumns} from event_registrations r where r.id = $1 for update`,
    [id],
  ))!;
  return { event, registration };
}

export function registrationsHandlers(deps: CoreDeps): DomainHandlers<'registrations'> {
  const { db } = deps;
  const queue = createRegisterQueue(db);
  const changed = (eventId: string) =>
    deps.publishChange({ topic: 'registrations.changed', payload: { eventId } });

  return {
    'registrations.register': async (input, { user }) => {
      const outcome = await queue.register({
        eventId: input.eventId,
        name: input.name,
        email: input.email,
        ticketCode: newTicketCode(),
        actorId: user.id,
        actor: user,
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
        case 'duplicate':
          throw new AppError('CONFLICT', `${input.email} is already registered for this event`, {
            email: 'Already registered for this event',
          });
      }
      await changed(input.eventId);
      return { registration: outcome.registration, outcome: outcome.kind };
    },

    'registrations.cancel': async (input, { user }) => {
      const result = await db.tx(async (sql) => {
        const { event, registration: before } = await lockRegistration(sql, input.id);
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
        // The freed seat goes to the first in line, in this same transaction.
        const [promoted] =
          before.status === 'registered' ? await promoteWaitlisted(sql, event, user.id, 1) : [];
        return { registration: after, promoted: promoted ?? null };
      });
      await changed(result.registration.eventId);
      return result;
    },

    'registrations.promote': async (input, { user }) => {
      const promoted = await db.tx(async (sql) => {
        const { event, registration } = await lockRegistration(sql, input.id);
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
        return after;
      });
      await changed(promoted.eventId);
      return promoted;
    },

    'registrations.get': async (input, { user }) => {
      const registration = await readRegistration(db, input.id);
      const event = registration
        ? await db.one<{ status: 'draft' | 'published' | 'cancelled' }>(
            'select status from events where id = $1',
            [registration.eventId],
          )
        : undefined;
      if (!registration || !event || !seesEvent(user, event)) throw notFound('That registration');
      return registration;
    },

    'registrations.list': async (input, { user }) => {
      const event = await db.one<{ status: 'draft' | 'published' | 'cancelled' }>(
        'select status from events where id = $1',
        [input.eventId],
      );
      if (!event || !seesEvent(user, event)) throw notFound('That event');
      const params: unknown[] = [input.eventId];
      const bind = (value: unknown) => `$${params.push(value)}`;
      const where = ['r.event_id = $1'];
      if (input.status) where.push(`r.status = ${bind(input.status)}`);
      if (input.search) {
        where.push(
          `((r.attendee_name || ' ' || r.attendee_email) ilike ${bind(likePattern(input.search))}
             or r.ticket_code = ${bind(normalizeTicketCode(input.search))})`,
        );
      }
      // Match and order on bare columns first; the derived columns (waitlist place, check-in
      // time) are worked out for the page's rows only, not for every match.
      const rows = await db.many<RegistrationDto & { total: string }>(
        `with matches as (
           select r.id, r.attendee_name from event_registrations r where ${where.join(' and ')}
         ), page as (
           select id from matches order by attendee_name, id
            limit ${bind(input.limit)} offset ${bind(input.offset)}
         )
         select ${registrationColumns}, (select count(*) from matches) as total
           from page join event_registrations r on r.id = page.id
          order by r.attendee_name, r.id`,
        params,
      );
      const page: Page<RegistrationDto> = {
        items: rows.map(({ total: _total, ...row }) => row),
        total: Number(rows[0]?.total ?? 0),
        limit: input.limit,
        offset: input.offset,
      };
      return page;
    },

    'registrations.import': async (input, { user }) => {
      let checked;
      try {
        checked = checkImportRows(input.csv);
      } catch (error) {
        throw new AppError('VALIDATION', (error as Error).message, {
          csv: (error as Error).message,
        });
      }
      const result = await db.tx((sql) => importRows(sql, input.eventId, checked, user));
      await changed(input.eventId);
      return result;
    },
  };
}
