import type { TicketTypeDto } from '@shared/contract/ticket-types';
import type { CoreDeps } from '../deps';
import { AppError, invalid, notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import { writeAudit, writeAudits } from '../audit/write-audit';
import type { Sql } from '../db/db';
import { assertManages } from '../events/event-sql';
import { seesEvent } from '@shared/access';
import type { EventStatus } from '@shared/domain';
import { lockEventCounts, promoteWaitlisted } from '../registrations/capacity';
import { listTicketTypes, readTicketType, ticketTypeColumns } from './ticket-type-sql';

const stale = () =>
  new AppError(
    'CONFLICT',
    'Someone else changed this ticket type after you opened it. Reload to see their changes.',
  );

/** A type's capacity lives inside the event's, and never below the seats it has given. */
function checkCapacity(
  capacity: number | null,
  event: { maxAttendees: number | null },
  registered: number,
) {
  if (capacity === null) return;
  if (event.maxAttendees !== null && capacity > event.maxAttendees) {
    throw invalid(
      'capacity',
      `The event holds ${event.maxAttendees} people; a ticket type cannot hold more`,
    );
  }
  if (capacity < registered) {
    throw invalid(
      'capacity',
      `${registered} people already hold this type; capacity cannot go below that`,
    );
  }
}

/** The type's event, locked (every writer of types and registrations takes it first). */
async function lockTypeEvent(sql: Sql, id: string) {
  const type = await readTicketType(sql, id);
  if (!type) throw notFound('That ticket type');
  const event = (await lockEventCounts(sql, type.eventId))!;
  const locked = (await sql.one<TicketTypeDto>(
    `select ${ticketTypeColumns} from ticket_types t where t.id = $1`,
    [id],
  ))!;
  return { event, type: locked };
}

export function ticketTypesHandlers(deps: CoreDeps): DomainHandlers<'ticketTypes'> {
  const { db } = deps;
  const changed = async (eventId: string, seated: boolean) => {
    await deps.publishChange({ topic: 'events.changed', payload: { eventId } });
    if (seated) await deps.publishChange({ topic: 'registrations.changed', payload: { eventId } });
  };
  const audit = (sql: Sql, actorId: string, action: string, before?: unknown, after?: unknown) => {
    const entityId = ((after ?? before) as TicketTypeDto).id;
    return writeAudit(sql, { actorId, action, entity: 'ticketType', entityId, before, after });
  };

  return {
    'ticketTypes.list': async (input, { user }) => {
      const event = await db.one<{ status: EventStatus }>(
        'select status from events where id = $1',
        [input.eventId],
      );
      if (!event || !seesEvent(user, event)) throw notFound('That event');
      return listTicketTypes(db, input.eventId);
    },

    'ticketTypes.create': async (input, { user }) => {
      const created = await db.eventTx([input.eventId], async (sql) => {
        const event = await lockEventCounts(sql, input.eventId);
        if (!event) throw notFound('That event');
        assertManages(user, event);
        checkCapacity(input.capacity, event, 0);
        const type = await sql
          .one<TicketTypeDto>(
            `insert into ticket_types as t (event_id, name, capacity, position)
             values ($1, $2, $3, (select coalesce(max(position) + 1, 0) from ticket_types
                                   where event_id = $1))
             returning ${ticketTypeColumns}`,
            [input.eventId, input.name, input.capacity],
          )
          .catch(nameTaken);
        await audit(sql, user.id, 'ticketTypes.create', undefined, type);
        return type!;
      });
      await changed(created.eventId, false);
      return created;
    },

    'ticketTypes.update': async (input, { user }) => {
      const eventId = (await readTicketType(db, input.id))?.eventId;
      if (!eventId) throw notFound('That ticket type');
      const { after, promoted } = await db.eventTx([eventId], async (sql) => {
        const { event, type: before } = await lockTypeEvent(sql, input.id);
        assertManages(user, event);
        if (before.version !== input.version) throw stale();
        const capacity = input.capacity === undefined ? before.capacity : input.capacity;
        checkCapacity(capacity, event, before.registeredCount);
        await sql
          .run(
            `update ticket_types set name = $2, capacity = $3, version = version + 1,
                      updated_at = now() where id = $1`,
            [input.id, input.name ?? before.name, capacity],
          )
          .catch(nameTaken);
        // Door devices show the type's name with the verdict: stamping its registrations as
        // changed makes them pull the new one at their next sync.
        if (input.name !== undefined && input.name !== before.name) {
          await sql.run(
            'update event_registrations set updated_at = updated_at where ticket_type_id = $1',
            [input.id],
          );
        }
        // A raised capacity seats those waiting for this type at once.
        const promoted = await promoteWaitlisted(sql, event, user.id);
        const after = (await readTicketType(sql, input.id))!;
        await audit(sql, user.id, 'ticketTypes.update', before, after);
        return { after, promoted };
      });
      await changed(after.eventId, promoted.length > 0);
      return after;
    },

    'ticketTypes.reorder': async (input, { user }) => {
      const types = await db.eventTx([input.eventId], async (sql) => {
        const event = await lockEventCounts(sql, input.eventId);
        if (!event) throw notFound('That event');
        assertManages(user, event);
        const before = await listTicketTypes(sql, input.eventId);
        const known = new Set(before.map((type) => type.id));
        if (before.length !== input.ids.length || input.ids.some((id) => !known.has(id))) {
          throw new AppError(
            'CONFLICT',
            'The event’s ticket types changed after you opened them. Reload and order them again.',
            { ids: 'Give every one of the event’s ticket types, each once' },
          );
        }
        await sql.run(
          `update ticket_types t set position = o.n - 1, version = version + 1, updated_at = now()
             from unnest($1::uuid[]) with ordinality as o(id, n)
            where t.id = o.id and t.position <> o.n - 1`,
          [input.ids],
        );
        const after = await listTicketTypes(sql, input.eventId);
        const byId = new Map(before.map((type) => [type.id, type]));
        await writeAudits(
          sql,
          after
            .filter((type) => type.position !== byId.get(type.id)!.position)
            .map((type) => ({
              actorId: user.id,
              action: 'ticketTypes.reorder',
              entity: 'ticketType',
              entityId: type.id,
              before: byId.get(type.id),
              after: type,
            })),
        );
        return after;
      });
      await changed(input.eventId, false);
      return types;
    },

    'ticketTypes.delete': async (input, { user }) => {
      const eventId = (await readTicketType(db, input.id))?.eventId;
      if (!eventId) throw notFound('That ticket type');
      await db.eventTx([eventId], async (sql) => {
        const { event, type } = await lockTypeEvent(sql, input.id);
        assertManages(user, event);
        if (type.version !== input.version) throw stale();
        const used = await sql.one(
          'select 1 from event_registrations where ticket_type_id = $1 limit 1',
          [input.id],
        );
        if (used) {
          throw new AppError(
            'CONFLICT',
            'People have registered with this ticket type, so it stays. Set its capacity instead.',
          );
        }
        const others = await sql.one<{ n: number }>(
          'select count(*)::int as n from ticket_types where event_id = $1 and id <> $2',
          [eventId, input.id],
        );
        if (others!.n === 0) {
          throw new AppError('CONFLICT', 'An event needs at least one ticket type');
        }
        // A check-in point admitting only types that are gone would admit nobody, silently.
        const point = await sql.one<{ name: string }>(
          'select name from checkin_points where event_id = $1 and $2 = any(ticket_type_ids) limit 1',
          [eventId, input.id],
        );
        if (point) {
          throw new AppError(
            'CONFLICT',
            `The check-in point “${point.name}” admits this ticket type: change the point first.`,
          );
        }
        await sql.run('delete from ticket_types where id = $1', [input.id]);
        await audit(sql, user.id, 'ticketTypes.delete', type);
      });
      await changed(eventId, false);
      return { id: input.id };
    },
  };
}

/** The unique index on (event, lower(name)): a clear CONFLICT instead of INTERNAL. */
function nameTaken(error: unknown): never {
  const failure = error as { constraint?: string; driverError?: { constraint?: string } };
  const constraint = failure?.constraint ?? failure?.driverError?.constraint;
  if (constraint === 'ticket_types_event_name_key') {
    throw new AppError('CONFLICT', 'This event already has a ticket type with that name', {
      name: 'Already used for this event',
    });
  }
  throw error;
}
