import Database from 'better-sqlite3';
import type { DoorEvent } from '@shared/contract/door';
import type { PendingReports } from '@shared/contract/points';
import type { ScannerEvent } from '@shared/contract/scanner';
import type { StationPoint } from '../device/station-point';
import { pendingElsewhereKey } from '../device/replica';
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
    // Moves whenever the device applies changes from the server: the only time attendees change.
    cursor: db.prepare<[string], string | null>('select cursor from events where id = ?').pluck(),
    // As the server counts (registrations with a check-in standing), plus this device's pending
    // check-ins, less those it has undone but not yet sent. From the check-ins to their attendees
    // (cross join keeps that order): far fewer rows than the event's attendees.
    checkedIn: db
      .prepare<{ eventId: string }, number>(
        `select count(distinct registration_id) from (
           select s.registration_id, s.nonce
             from server_checkins s cross join attendees a on a.id = s.registration_id
            where a.event_id = @eventId
           union all
           select registration_id, nonce from outbox
            where kind = 'checkIn' and sent_at is null and event_id = @eventId
         )
          where nonce not in (
            select check_in_nonce from outbox where kind = 'revert' and sent_at is null)`,
      )
      .pluck(),
    // Moves standing at each point, counted as the server counts them (checkin-points/
    // occupancy.ts): the server's as last pulled (a second entry of someone inside is no new
    // person) and this desktop's pending ones, each group counted from its index alone; then its
    // pending undos take back the moves counted above (an undo carries its move's point and
    // direction).
    moves: db.prepare<{ eventId: string }, MoveCount>(
      `select s.point_id as pointId, s.direction, count(*) as n
         from server_checkins s cross join attendees a on a.id = s.registration_id
        where a.event_id = @eventId and s.forced_reason is not 'already_checked_in'
        group by 1, 2
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
  // main process. The count is kept until the device next applies changes from the server.
  let registered = { eventId: '', cursor: null as string | null, count: 0 };
  const registeredFor = (eventId: string) => {
    const cursor = statements.cursor.get(eventId) ?? null;
    if (registered.eventId !== eventId || registered.cursor !== cursor) {
      registered = { eventId, cursor, count: statements.registered.get(eventId) ?? 0 };
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
