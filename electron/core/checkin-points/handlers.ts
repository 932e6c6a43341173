import type { ChannelParsedInput } from '@shared/contract';
import type { CheckInPointDto } from '@shared/contract/points';
import type { UserDto } from '@shared/domain';
import { writeAudit } from '../audit/write-audit';
import type { Sql } from '../db/db';
import type { CoreDeps } from '../deps';
import { AppError, conflict, invalid, notFound } from '../errors';
import { assertManages, assertSeesAttendees } from '../events/event-sql';
import type { DomainHandlers } from '../handlers';
import { sqlState, UNIQUE_VIOLATION } from '../sql-format';
import { doorActivityOf } from './activity';
import { occupancyOf } from './occupancy';
import { pendingReportsOf, savePendingReport } from './pending-reports';
import { pointColumns, pointsOfEvent } from './point-sql';

type PointFields = ChannelParsedInput<'points.create'>['point'];

/** Locks the event (as registering does) and refuses anyone who does not manage it. */
async function lockManagedEvent(sql: Sql, user: UserDto, eventId: string) {
  const event = await sql.one<{ createdBy: string | null }>(
    'select created_by as "createdBy" from events where id = $1 for no key update',
    [eventId],
  );
  if (!event) throw notFound('That event');
  assertManages(user, event);
}

async function assertTypesOfEvent(sql: Sql, eventId: string, typeIds: string[] | null) {
  if (!typeIds) return;
  const found = await sql.one<{ n: number }>(
    'select count(*)::int as n from ticket_types where event_id = $1 and id = any($2::uuid[])',
    [eventId, [...new Set(typeIds)]],
  );
  if (found!.n !== new Set(typeIds).size) {
    throw invalid('point.ticketTypeIds', 'Choose ticket types of this event');
  }
}

const values = (p: PointFields) => [
  p.name,
  p.ticketTypeIds ? [...new Set(p.ticketTypeIds)] : null,
  p.validFrom,
  p.validUntil,
  p.allowMultipleEntries,
  p.recordsExits,
  p.allowReentry,
  p.capacity,
  p.printsBadge,
];

function nameTaken(error: unknown): never {
  if (sqlState(error) === UNIQUE_VIOLATION) {
    throw new AppError('CONFLICT', 'This event already has a check-in point of that name', {
      'point.name': 'Already in use',
    });
  }
  throw error;
}

export function pointsHandlers(deps: CoreDeps): DomainHandlers<'points'> {
  const { db } = deps;
  const changed = (eventId: string) =>
    deps.publishChange({ topic: 'events.changed', payload: { eventId } });
  return {
    'points.list': async ({ eventId }, { user }) => {
      await assertSeesAttendees(db, user, eventId);
      return pointsOfEvent(db, eventId);
    },

    'points.create': async ({ eventId, point }, { user }) => {
      const created = await db
        .eventTx([eventId], async (sql) => {
          await lockManagedEvent(sql, user, eventId);
          await assertTypesOfEvent(sql, eventId, point.ticketTypeIds);
          const row = (await sql.one<CheckInPointDto>(
            `insert into checkin_points as p
               (event_id, position, name, ticket_type_ids, valid_from, valid_until,
                allow_multiple_entries, records_exits, allow_reentry, capacity, prints_badge)
             values ($1, (select coalesce(max(position) + 1, 0) from checkin_points
                           where event_id = $1),
                     $2, $3, $4, $5, $6, $7, $8, $9, $10)
             returning ${pointColumns}`,
            [eventId, ...values(point)],
          ))!;
          await writeAudit(sql, {
            actorId: user.id,
            action: 'points.create',
            entity: 'checkin_point',
            entityId: row.id,
            after: row,
          });
          return row;
        })
        .catch(nameTaken);
      await changed(eventId);
      return created;
    },

    'points.update': async ({ id, version, point }, { user }) => {
      const current = await db.one<{ eventId: string }>(
        'select event_id as "eventId" from checkin_points where id = $1',
        [id],
      );
      if (!current) throw notFound('That check-in point');
      const updated = await db
        .eventTx([current.eventId], async (sql) => {
          await lockManagedEvent(sql, user, current.eventId);
          await assertTypesOfEvent(sql, current.eventId, point.ticketTypeIds);
          const before = await sql.one<CheckInPointDto>(
            `select ${pointColumns} from checkin_points p where p.id = $1`,
            [id],
          );
          if (!before) throw notFound('That check-in point');
          if (before.version !== version) {
            throw conflict('Someone else changed this check-in point. Reload and try again.');
          }
          const after = (await sql.one<CheckInPointDto>(
            `update checkin_points p set name = $2, ticket_type_ids = $3, valid_from = $4,
                    valid_until = $5, allow_multiple_entries = $6, records_exits = $7,
                    allow_reentry = $8, capacity = $9, prints_badge = $10, version = version + 1,
                    updated_at = now()
              where p.id = $1 returning ${pointColumns}`,
            [id, ...values(point)],
          ))!;
          await writeAudit(sql, {
            actorId: user.id,
            action: 'points.update',
            entity: 'checkin_point',
            entityId: id,
            before,
            after,
          });
          return after;
        })
        .catch(nameTaken);
      await changed(current.eventId);
      return updated;
    },

    'points.occupancy': async ({ eventId }, { user }) => {
      await assertSeesAttendees(db, user, eventId);
      return occupancyOf(db, eventId);
    },

    'points.reportPending': async ({ eventId, deviceId, pending }, { user }) => {
      await assertSeesAttendees(db, user, eventId);
      // Every desktop's range moves with it: they hear it as they hear a check-in.
      if (await savePendingReport(db, eventId, deviceId, pending)) {
        await deps.publishChange({ topic: 'checkins.changed', payload: { eventId } });
      }
      return pendingReportsOf(db, eventId, deviceId);
    },

    'points.activity': async ({ eventId }, { user }) => {
      await assertSeesAttendees(db, user, eventId);
      return doorActivityOf(db, eventId);
    },
  };
}
