import type { TicketTypeDto } from '@shared/contract/ticket-types';
import type { Sql } from '../db/db';
import { isoUtc } from '../sql-format';

/** The columns every ticket type query selects, already shaped as the DTO. */
export const ticketTypeColumns = `t.id, t.event_id as "eventId", t.name, t.capacity, t.position,
  t.registered_count as "registeredCount", t.waitlisted_count as "waitlistedCount", t.version,
  ${isoUtc('t.created_at')} as "createdAt", ${isoUtc('t.updated_at')} as "updatedAt"`;

/** The event's types in the organizer's order: the first is the default one. */
export const listTicketTypes = (sql: Sql, eventId: string) =>
  sql.many<TicketTypeDto>(
    `select ${ticketTypeColumns} from ticket_types t where t.event_id = $1
      order by t.position, t.created_at, t.id`,
    [eventId],
  );

export const readTicketType = (sql: Sql, id: string) =>
  sql.one<TicketTypeDto>(`select ${ticketTypeColumns} from ticket_types t where t.id = $1`, [id]);
