import type { CheckInPointDto } from '@shared/contract/points';
import type { Sql } from '../db/db';
import { isoUtc } from '../sql-format';

export const pointColumns = `p.id, p.event_id as "eventId", p.name, p.position,
  p.ticket_type_ids as "ticketTypeIds", ${isoUtc('p.valid_from')} as "validFrom",
  ${isoUtc('p.valid_until')} as "validUntil", p.allow_multiple_entries as "allowMultipleEntries",
  p.records_exits as "recordsExits", p.allow_reentry as "allowReentry", p.capacity,
  p.prints_badge as "printsBadge", p.version`;

export const pointsOfEvent = (sql: Sql, eventId: string) =>
  sql.many<CheckInPointDto>(
    `select ${pointColumns} from checkin_points p where p.event_id = $1 order by p.position, p.id`,
    [eventId],
  );

/** Every check-in counts at a point: one that names none at the event's first. */
export const pointOfCheckIn = (alias: string) =>
  `coalesce(${alias}.point_id, (select f.id from checkin_points f where f.event_id = ${alias}.event_id
                               order by f.position, f.id limit 1))`;
