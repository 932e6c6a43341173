import type { EventActivity } from '@shared/contract/reports';
import type { EventStatus } from '@shared/domain';
import type { CoreDeps } from '../deps';
import { notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import { assertSeesAttendees } from '../events/event-sql';
import { ticketTypeCounts } from './type-counts';

/** Counts per bucket as a JSON array, oldest first; `[]` when there is nothing to count. */
const buckets = (keyName: string, rows: string) =>
  `(select coalesce(json_agg(json_build_object('${keyName}', b.key, 'count', b.n) order by b.key), '[]')
      from (${rows}) b)`;

export function reportsHandlers({ db }: CoreDeps): DomainHandlers<'reports'> {
  return {
    // Buckets are wall-clock days and hours in the event's own zone, so "Tuesday 18:00" on the
    // chart is 18:00 at the venue whichever desktop draws it.
    'reports.eventActivity': async (input, { user }) => {
      await assertSeesAttendees(db, user, input.eventId);
      const row = await db.one<EventActivity & { status: EventStatus }>(
        `select ev.status, ev.time_zone as "timeZone",
           ${buckets(
             'day',
             `select to_char(date_trunc('day', r.created_at at time zone ev.time_zone), 'YYYY-MM-DD') as key,
                     count(*)::int as n
                from event_registrations r where r.event_id = ev.id group by 1`,
           )} as "registrationsPerDay",
           ${buckets(
             'hour',
             // A ticket counts once, at its first check-in that was not reverted.
             `select to_char(date_trunc('hour', f.scanned_at at time zone ev.time_zone),
                             'YYYY-MM-DD"T"HH24:00') as key,
                     count(*)::int as n
                from (select distinct on (c.registration_id) c.scanned_at from check_ins c
                       where c.event_id = ev.id and c.reverted_at is null
                       order by c.registration_id, c.seq) f
               group by 1`,
           )} as "checkInsPerHour"
         from events ev where ev.id = $1`,
        [input.eventId],
      );
      if (!row) throw notFound('That event');
      const { status: _status, ...activity } = row;
      return activity;
    },

    'reports.ticketTypeCounts': (input, { user }) => ticketTypeCounts(db, user, input.eventIds),
  };
}
