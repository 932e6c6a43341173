import { isDoorStaff, type EventDto, type Role } from '@shared/domain';
import type { CoreDeps } from '../deps';
import { AppError, invalid, notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import { writeAudit } from '../audit/write-audit';
import type { Sql } from '../db/db';
import { seesEvent } from '@shared/access';
import { assertManages, eventColumns } from './event-sql';
import { listEvents } from './list-events';
import { assertZoneAgrees } from './time-zone';
import { isoUtc } from '../sql-format';
import { promoteWaitlisted } from '../registrations/capacity';
import { worksEvent } from '../door-staff/assignment';
import { queueEventChange } from '../mail/queue';
import { copyEvent } from './copy-event';
import type { CacheAudience } from '../cache/listing-cache';

const audienceOf = (user: { role: Role }): CacheAudience =>
  isDoorStaff(user.role) ? 'door' : 'staff';

const lockEvent = (sql: Sql, id: string) =>
  sql.one<EventDto>(`select ${eventColumns} from events e where e.id = $1 for update`, [id]);

export function eventsHandlers(deps: CoreDeps): DomainHandlers<'events'> {
  const { db, cache } = deps;
  const changed = (eventId: string) =>
    deps.publishChange({ topic: 'events.changed', payload: { eventId } });

  return {
    'events.create': async (input, { user }) => {
      await assertZoneAgrees(db, input.timeZone, [input.startsAt, input.endsAt]);
      const event = await db.tx(async (sql) => {
        const created = (await sql.one<EventDto>(
          `insert into events as e (title, description, location, starts_at, ends_at, time_zone,
                                    category, max_attendees, status, created_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${eventColumns}`,
          [
            input.title,
            input.description,
            input.location,
            input.startsAt,
            input.endsAt,
            input.timeZone,
            input.category,
            input.maxAttendees,
            input.status,
            user.id,
          ],
        ))!;
        await writeAudit(sql, {
          actorId: user.id,
          action: 'events.create',
          entity: 'event',
          entityId: created.id,
          after: created,
        });
        return created;
      });
      await changed(event.id);
      return event;
    },

    'events.update': async (input, { user }) => {
      const { id, version, ...fields } = input;
      if (fields.timeZone) {
        const current = await db.one<{ startsAt: string; endsAt: string }>(
          `select ${isoUtc('starts_at')} as "startsAt", ${isoUtc('ends_at')} as "endsAt"
             from events where id = $1`,
          [id],
        );
        const times = [fields.startsAt ?? current?.startsAt, fields.endsAt ?? current?.endsAt];
        await assertZoneAgrees(
          db,
          fields.timeZone,
          times.filter((t): t is string => t !== undefined),
        );
      }
      const { event, promoted } = await db.eventTx([id], async (sql) => {
        const before = await lockEvent(sql, id);
        if (!before) throw notFound('That event');
        assertManages(user, before);
        if (before.version !== version) {
          throw new AppError(
            'CONFLICT',
            'Someone else saved this event after you opened it. Reload to see their changes, or save again to overwrite them.',
          );
        }
        if (before.status === 'cancelled')
          throw new AppError('CONFLICT', 'A cancelled event cannot be edited');
        const startsAt = fields.startsAt ?? before.startsAt;
        const endsAt = fields.endsAt ?? before.endsAt;
        if (Date.parse(endsAt) <= Date.parse(startsAt)) {
          throw invalid('endsAt', 'The event must end after it starts');
        }
        if (fields.maxAttendees != null && fields.maxAttendees < before.registeredCount) {
          throw invalid(
            'maxAttendees',
            `${before.registeredCount} people are already registered; capacity cannot go below that`,
          );
        }
        const after = (await sql.one<EventDto>(
          `update events e set
             title = coalesce($2, title), description = coalesce($3, description),
             location = coalesce($4, location), starts_at = coalesce($5, starts_at),
             ends_at = coalesce($6, ends_at), time_zone = coalesce($7, time_zone),
             category = coalesce($8, category),
             max_attendees = case when $9::boolean then $10::int else max_attendees end,
             status = coalesce($11, status), version = version + 1, updated_at = now()
           where e.id = $1 returning ${eventColumns}`,
          [
            id,
            fields.title ?? null,
            fields.description ?? null,
            fields.location ?? null,
            fields.startsAt ?? null,
            fields.endsAt ?? null,
            fields.timeZone ?? null,
            fields.category ?? null,
            fields.maxAttendees !== undefined,
            fields.maxAttendees ?? null,
            fields.status ?? null,
          ],
        ))!;
        // More seats (or none to count): the waitlist moves up in the same transaction.
        const promoted = await promoteWaitlisted(sql, after, user.id);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'events.update',
          entity: 'event',
          entityId: id,
          before,
          after,
        });
        await queueEventChange(sql, before, after);
        return { event: promoted.length ? (await lockEvent(sql, id))! : after, promoted };
      });
      await changed(id);
      if (promoted.length) {
        await deps.publishChange({ topic: 'registrations.changed', payload: { eventId: id } });
      }
      return event;
    },

    'events.copy': async (input, { user }) => {
      const zone =
        input.timeZone ??
        (
          await db.one<{ zone: string }>('select time_zone as zone from events where id = $1', [
            input.id,
          ])
        )?.zone;
      if (zone) await assertZoneAgrees(db, zone, [input.startsAt, input.endsAt]);
      const event = await db.tx((sql) => copyEvent(sql, input, user));
      await changed(event.id);
      return event;
    },

    'events.get': async (input, { user }) => {
      const event = await db.one<EventDto>(`select ${eventColumns} from events e where e.id = $1`, [
        input.id,
      ]);
      if (!event || !seesEvent(user, event) || !(await worksEvent(db, user, event.id))) {
        throw notFound('That event');
      }
      return event;
    },

    'events.cancel': async (input, { user }) => {
      const event = await db.eventTx([input.id], async (sql) => {
        const before = await lockEvent(sql, input.id);
        if (!before) throw notFound('That event');
        assertManages(user, before);
        if (before.status === 'cancelled') return before;
        const after = (await sql.one<EventDto>(
          `update events e set status = 'cancelled', version = version + 1, updated_at = now()
           where e.id = $1 returning ${eventColumns}`,
          [input.id],
        ))!;
        await writeAudit(sql, {
          actorId: user.id,
          action: 'events.cancel',
          entity: 'event',
          entityId: input.id,
          before,
          after,
        });
        await queueEventChange(sql, before, after);
        return after;
      });
      await changed(event.id);
      return event;
    },

    // Door staff see a list of their own (published events they work), read afresh: an
    // assignment changed on another desktop must hold at once, and theirs is a short list.
    'events.list': async (input, { user }) =>
      isDoorStaff(user.role)
        ? listEvents(db, input, user)
        : cache.read('staff:events', input, () => listEvents(db, input, user)),

    'events.categories': async (_input, { user }) =>
      cache.read(`${audienceOf(user)}:categories`, {}, async () => {
        const rows = await db.many<{ category: string }>(
          `select distinct category from events
            where category <> '' and ($1::boolean or status = 'published') order by 1`,
          [!isDoorStaff(user.role)],
        );
        return rows.map((row) => row.category);
      }),
  };
}
