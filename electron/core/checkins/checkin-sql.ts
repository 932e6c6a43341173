import type { CheckInConflict, DoorAttendee } from '@shared/contract/door';
import type { Sql } from '../db/db';
import { isoUtc } from '../sql-format';
import { doorAnswersColumn } from '../questions/door-answers';
import { pointOfCheckIn } from '../checkin-points/point-sql';

// A check-in as the DTOs carry it, written once and rendered either as columns or as JSON.
// Expects `check_ins c left join users u on u.id = c.staff_user_id`.
const checkInFields: [key: string, expression: string][] = [
  ['nonce', 'c.nonce'],
  ['scannedAt', isoUtc('c.scanned_at')],
  ['receivedAt', isoUtc('c.received_at')],
  ['deviceId', 'c.device_id'],
  ['staffName', 'u.full_name'],
  ['forced', 'c.forced'],
  ['forcedReason', 'c.forced_reason'],
  ['pointId', pointOfCheckIn('c')],
  ['direction', 'c.direction'],
];

export const checkInColumns = checkInFields.map(([key, expr]) => `${expr} as "${key}"`).join(', ');

const checkInJson = `json_build_object(${checkInFields.map(([key, expr]) => `'${key}', ${expr}`).join(', ')})`;

/** The standing (not reverted) check-ins of registration `r`, in the order they were applied. */
const standingCheckIns = `coalesce((
    select json_agg(${checkInJson} order by c.seq)
      from check_ins c left join users u on u.id = c.staff_user_id
     where c.registration_id = r.id and c.reverted_at is null
  ), '[]'::json)`;

/** A registration as a door device sees it, but for its check-ins and door answers. */
export const bareAttendeeColumns = `r.id, r.event_id as "eventId", r.ticket_code as "ticketCode",
  r.attendee_name as name, r.attendee_email as email, r.status,
  r.ticket_type_id as "ticketTypeId",
  (select t.name from ticket_types t where t.id = r.ticket_type_id) as "ticketType"`;

/** A registration as a door device sees it. Expects `event_registrations r`. */
export const attendeeColumns = `${bareAttendeeColumns},
  ${standingCheckIns} as "checkIns",
  ${doorAnswersColumn} as "doorAnswers"`;

/**
 * The standing check-ins of the registrations in `ids` (an SQL uuid[] expression), as a JSON list
 * per registration_id, in the order they were applied. For a page of thousands: one walk of the
 * index for the whole array costs a tenth of a subquery per row.
 */
export const standingCheckInsOf = (ids: string) => `
  select c.registration_id, json_agg(${checkInJson} order by c.seq) as list
    from check_ins c left join users u on u.id = c.staff_user_id
   where c.registration_id = any(${ids}) and c.reverted_at is null
   group by c.registration_id`;

export async function attendeesByIds(sql: Sql, ids: string[]): Promise<DoorAttendee[]> {
  if (ids.length === 0) return [];
  return sql.many<DoorAttendee>(
    `select ${attendeeColumns} from event_registrations r where r.id = any($1::uuid[])`,
    [ids],
  );
}

export const toConflict = (attendee: DoorAttendee): CheckInConflict => ({
  registrationId: attendee.id,
  eventId: attendee.eventId,
  ticketCode: attendee.ticketCode,
  name: attendee.name,
  checkIns: attendee.checkIns,
});
