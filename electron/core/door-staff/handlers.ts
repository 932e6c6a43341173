import type { DoorStaffMember } from '@shared/contract/door-staff';
import type { CoreDeps } from '../deps';
import { invalid, notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import type { Sql } from '../db/db';
import { writeAudit } from '../audit/write-audit';
import { assertManages } from '../events/event-sql';

async function staffOfEvent(sql: Sql, eventId: string): Promise<DoorStaffMember[]> {
  return sql.many<DoorStaffMember>(
    `select u.id, u.full_name as "fullName", u.role, u.all_events as "allEvents",
            exists (select 1 from event_door_staff s
                     where s.event_id = $1 and s.user_id = u.id) as assigned
       from users u
      where u.role in ('door', 'steward') and not u.disabled
      order by u.full_name, u.id`,
    [eventId],
  );
}

async function managedEvent(sql: Sql, user: Parameters<typeof assertManages>[0], eventId: string) {
  const event = await sql.one<{ createdBy: string | null }>(
    'select created_by as "createdBy" from events where id = $1',
    [eventId],
  );
  if (!event) throw notFound('That event');
  assertManages(user, event);
}

export function doorStaffHandlers(deps: CoreDeps): DomainHandlers<'doorStaff'> {
  const { db } = deps;
  return {
    'doorStaff.list': async ({ eventId }, { user }) => {
      await managedEvent(db, user, eventId);
      return staffOfEvent(db, eventId);
    },

    'doorStaff.assign': async ({ eventId, userId, assigned }, { user }) => {
      const staff = await db.tx(async (sql) => {
        await managedEvent(sql, user, eventId);
        const member = await sql.one<{ role: string }>(
          `select role from users where id = $1 and role in ('door', 'steward')`,
          [userId],
        );
        if (!member) throw invalid('userId', 'Only door staff can be assigned to an event');
        const changed = assigned
          ? await sql.run(
              `insert into event_door_staff (event_id, user_id) values ($1, $2)
               on conflict do nothing`,
              [eventId, userId],
            )
          : await sql.run('delete from event_door_staff where event_id = $1 and user_id = $2', [
              eventId,
              userId,
            ]);
        if (changed > 0) {
          await writeAudit(sql, {
            actorId: user.id,
            action: assigned ? 'doorStaff.assign' : 'doorStaff.unassign',
            entity: 'event',
            entityId: eventId,
            after: { userId, assigned },
          });
        }
        return staffOfEvent(sql, eventId);
      });
      // What that person's door desktop lists has changed.
      await deps.publishChange({ topic: 'events.changed', payload: { eventId } });
      return staff;
    },

    'doorStaff.setAllEvents': async ({ userId, allEvents }, { user }) => {
      await db.tx(async (sql) => {
        const before = await sql.one<{ allEvents: boolean }>(
          `select all_events as "allEvents" from users
            where id = $1 and role in ('door', 'steward') for update`,
          [userId],
        );
        if (!before) throw notFound('That door staff member');
        await sql.run('update users set all_events = $2, updated_at = now() where id = $1', [
          userId,
          allEvents,
        ]);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'doorStaff.setAllEvents',
          entity: 'user',
          entityId: userId,
          before: { userId, allEvents: before.allEvents },
          after: { userId, allEvents },
        });
      });
      await deps.publishChange({ topic: 'events.changed', payload: { allEvents: true } });
      return { userId, allEvents };
    },
  };
}
