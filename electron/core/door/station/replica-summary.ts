import Database from 'better-sqlite3';
import type { DoorEvent } from '@shared/contract/door';
import type { PendingReports } from '@shared/contract/points';
import type { ScannerEvent } from '@shared/contract/scanner';
import type { StationPoint } from '../device/station-point';
import { attendeesVersionKey, pendingElsewhereKey } from '../device/replica';
import { occupancyAt, type MoveCount } from './station-occupancy';

/**
 * What the station shows that the door device's API does not offer: the active event and its
 * counts. Read over a read-only connection of its own to the device's file: in WAL mode readers
 * never wait for the writer, and the device stays the only one that writes.
 */
export function openReplicaSummary(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const statements = {
    event: db.prepare<[string], DoorEvent>(
      `select id, title, location, starts_at as startsAt, ends_at as endsAt,
              time_zone as timeZone, status
         from events where id = ?`,
    ),
    // Reading the table straight through is twice as fast as 100,000 lookups from the event index.
    registered: db
      .prepare<[string], number>(
        `select count(*) from attendees not indexed where event_id = ? and status = 'registered'`,
      )
      .pluck(),
    // As the server counts (registrations with a check-in standing), plus this device's pending
    // check-ins, less those it has undone but not yet sent: the server's count as kept in the
    // file (server_checked_in), with the few registrations this device has moves pending for
    // counted again from their rows.
    checkedIn: db
      .prepare<{ eventId: string }, number>(
        `with touched as (
           select distinct registration_id from outbox
            where sent_at is null and event_id = @eventId
         ),
         undone as (
           select check_in_nonce as nonce from outbox where kind = 'revert' and sent_at is null
         )
         select coalesce((select n from server_checked_in where event_id = @eventId), 0)
              - (select count(*) from touched t
                  where exists (select 1 from server_checkins s
                                 where s.registration_id = t.registration_id))
              + (select count(*) from touched t
                  where exists (select 1 from server_checkins s
                                 where s.registration_id = t.registration_id
                                   and s.nonce not in undone)
                     or exists (select 1 from outbox o
                                 where o.registration_id = t.registration_id
                                   and o.kind = 'checkIn' and o.sent_at is null
                                   and o.nonce not in undone))`,
      )
      .pluck(),
    // Moves standing at each point, counted as the server counts them (checkin-points/
    // occupancy.ts): the server's as last pulled, as the file keeps them counted (server_moves:
    // a second entry of someone inside is no new person), and this desktop's pending ones; then
    // its pending undos take back the moves counted above (an undo carries its move's point and
    // direction).
    moves: db.prepare<{ eventId: string }, MoveCount>(
      `select nullif(point_id, '') as pointId, direction, n
         from server_moves where event_id = @eventId and n <> 0
       union all
       select point_id, direction, count(*) from outbox
        where sent_at is null and kind = 'checkIn' and event_id = @eventId
        group by 1, 2
       union all
       select r.point_id, r.direction, -count(*) from outbox r
        where r.sent_at is null and r.kind = 'revert' and r.event_id = @eventId
          and (exists (select 1 from server_checkins s where s.nonce = r.check_in_nonce
                          and s.forced_reason is not 'already_checked_in')
               or exists (select 1 from outbox c where c.nonce = r.check_in_nonce
                             and c.sent_at is null))
        group by 1, 2`,
    ),
    meta: db.prepare<[string], string>('select value from meta where key = ?').pluck(),
    // Kept after sending: the outbox is this desktop's own record of its scans.
    lastCheckInBy: db
      .prepare<[string], string>(
        `select nonce from outbox where kind = 'checkIn' and staff_user_id = ?
          order by seq desc limit 1`,
      )
      .pluck(),
  };

  // The status is read after every scan; counting 100,000 attendees each time took 100 ms of the
  // main process. The count is kept until the device next writes an attendee row (replica.ts).
  let registered = { eventId: '', version: null as string | null, count: 0 };
  const registeredFor = (eventId: string) => {
    const version = statements.meta.get(attendeesVersionKey) ?? null;
    if (registered.eventId !== eventId || registered.version !== version) {
      registered = { eventId, version, count: statements.registered.get(eventId) ?? 0 };
    }
    return registered.count;
  };

  return {
    /** The event as the station shows it, at the point it stands at (`at`). */
    event(eventId: string, at: StationPoint): ScannerEvent | null {
      const event = statements.event.get(eventId);
      if (!event) return null;
      const reported = statements.meta.get(pendingElsewhereKey(eventId));
      return {
        ...event,
        registered: registeredFor(eventId),
        checkedIn: statements.checkedIn.get({ eventId }) ?? 0,
        points: at.points,
        pointId: at.point?.id ?? null,
        direction: at.direction,
        occupancy: occupancyAt(
          at.points,
          statements.moves.all({ eventId }),
          reported ? (JSON.parse(reported) as PendingReports) : null,
        ),
      };
    },
    lastCheckInBy: (staffUserId: string) => statements.lastCheckInBy.get(staffUserId) ?? null,
    close: () => void db.close(),
  };
}

export type ReplicaSummary = ReturnType<typeof openReplicaSummary>;
