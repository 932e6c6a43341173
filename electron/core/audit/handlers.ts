import type { AuditEntry, AuditPage } from '@shared/contract/audit';
import type { CoreDeps } from '../deps';
import type { DomainHandlers } from '../handlers';
import { isoUtc } from '../sql-format';

// entity_id is text (not every entity has a uuid); only uuid-shaped ids are joined on.
const entityUuid = (entity: string) =>
  `case when a.entity = '${entity}' and a.entity_id ~ '^[0-9a-f-]{36}$' then a.entity_id::uuid end`;

/**
 * The log joined to what it talks about: the actor, the registration's event, the staff account.
 * Joined on read rather than copied into each row, so names show as they are now.
 */
const fromAudit = `from audit_log a
  left join users actor on actor.id = a.actor_id
  left join event_registrations r on r.id = ${entityUuid('registration')}
  left join users subject on subject.id = ${entityUuid('user')}
  left join events ev on ev.id = coalesce(r.event_id, ${entityUuid('event')})`;

const auditColumns = `a.id::text as id, ${isoUtc('a.at')} as at,
  case when actor.id is null then null
       else json_build_object('id', actor.id, 'name', actor.full_name, 'email', actor.email) end as actor,
  a.action, a.entity, a.entity_id as "entityId",
  case a.entity when 'event' then ev.title when 'registration' then r.attendee_name
                when 'user' then subject.full_name end as "entityLabel",
  case when ev.id is null then null else json_build_object('id', ev.id, 'title', ev.title) end as event,
  a.before, a.after`;

export function auditHandlers({ db }: CoreDeps): DomainHandlers<'audit'> {
  return {
    'audit.list': async (input) => {
      const params: unknown[] = [];
      const bind = (value: unknown) => `$${params.push(value)}`;
      const where: string[] = [];
      if (input.eventId) {
        const eventId = bind(input.eventId);
        where.push(
          `((a.entity = 'event' and a.entity_id = ${eventId}::text)
             or (a.entity = 'registration' and r.event_id = ${eventId}::uuid))`,
        );
      }
      if (input.userId) {
        const userId = bind(input.userId);
        where.push(
          `(a.actor_id = ${userId}::uuid or (a.entity = 'user' and a.entity_id = ${userId}::text))`,
        );
      }
      if (input.actions) where.push(`a.action = any(${bind(input.actions)}::text[])`);
      if (input.from) where.push(`a.at >= ${bind(input.from)}`);
      if (input.to) where.push(`a.at < ${bind(input.to)}`);
      // Keyset paging by id: stable while new rows arrive at the top.
      if (input.before) where.push(`a.id < ${bind(input.before)}::bigint`);
      const rows = await db.many<AuditEntry>(
        `select ${auditColumns} ${fromAudit}
         ${where.length ? 'where ' + where.join(' and ') : ''}
         order by a.id desc limit ${bind(input.limit + 1)}`,
        params,
      );
      const items = rows.slice(0, input.limit);
      const page: AuditPage = {
        items,
        nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null,
      };
      return page;
    },

    'audit.actions': async () => {
      const rows = await db.many<{ action: string }>(
        'select distinct action from audit_log order by action',
      );
      return rows.map((row) => row.action);
    },
  };
}
