import type {
  CheckInConflict,
  DoorAttendee,
  DoorCheckIn,
  DoorEvent,
  DoorPage,
  ForcedReason,
} from '@shared/contract/door';
import type { WalkInDesk } from '@shared/contract/walk-ins';
import type { StationBadgeLayout } from '@shared/contract/badges';
import type { ReplicaDb } from './replica-db';
import type { ScannerAttendee, ScannerCheckIn } from '@shared/contract/scanner';
import type {
  CheckInPointDto,
  Direction,
  PendingReports,
  PointPending,
} from '@shared/contract/points';

/** Changes whenever an attendee row is written (replica-summary.ts counts them again then). */
export const attendeesVersionKey = 'attendees_version';

/** Where the file keeps what other stations reported pending at an event, as the server said. */
export const pendingElsewhereKey = (eventId: string) => `pending_elsewhere:${eventId}`;

export interface ReplicaEvent extends DoorEvent {
  cursor: string | null;
  total: number;
  prepared: boolean;
}

interface CheckInRow {
  nonce: string;
  scannedAt: string;
  receivedAt: string | null;
  deviceId: string;
  staffName: string | null;
  forced: number;
  forcedReason: ForcedReason | null;
  pointId: string | null;
  direction: Direction;
  pending: number;
}

const attendeeFields = `a.id, a.event_id as eventId, a.ticket_code as ticketCode, a.name, a.email,
  a.status, a.ticket_type_id as ticketTypeId, a.ticket_type as ticketType,
  a.door_answers as doorAnswers`;
const attendeeSelect = `select ${attendeeFields} from attendees a`;

/** A row of `attendees` as selected above: the door answers still JSON text. */
type AttendeeRow = Omit<ScannerAttendee, 'doorAnswers'> & { doorAnswers: string };

const toAttendee = (row: AttendeeRow): ScannerAttendee => ({
  ...row,
  doorAnswers: JSON.parse(row.doorAnswers) as ScannerAttendee['doorAnswers'],
});

/** The device's copy of the server: attendees and their standing check-ins, per event. */
export function createReplica(db: ReplicaDb) {
  const statements = {
    getMeta: db.prepare<[string], { value: string }>('select value from meta where key = ?'),
    setMeta: db.prepare<[string, string]>(
      'insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    ),
    saveEvent: db.prepare(
      `insert into events (id, title, location, starts_at, ends_at, time_zone, status, cursor, total, prepared)
       values (@id, @title, @location, @startsAt, @endsAt, @timeZone, @status, @cursor, @total, @prepared)
       on conflict (id) do update set title = excluded.title, location = excluded.location,
         starts_at = excluded.starts_at, ends_at = excluded.ends_at, time_zone = excluded.time_zone,
         status = excluded.status, cursor = excluded.cursor, total = excluded.total,
         prepared = excluded.prepared`,
    ),
    setCursor: db.prepare<[string, string, string]>(
      'update events set cursor = ?, pulled_at = ? where id = ?',
    ),
    event: db.prepare<[string], Omit<ReplicaEvent, 'prepared'> & { prepared: number }>(
      `select id, title, location, starts_at as startsAt, ends_at as endsAt, time_zone as timeZone,
              status, cursor, total, prepared from events where id = ?`,
    ),
    preparedEventIds: db
      .prepare<[], string>('select id from events where prepared = 1 order by id')
      .pluck(),
    upsertAttendee: db.prepare(
      `insert into attendees (id, event_id, ticket_code, name, email, status, ticket_type_id,
                              ticket_type, door_answers)
       values (@id, @eventId, @ticketCode, @name, @email, @status, @ticketTypeId, @ticketType,
               @doorAnswersJson)
       on conflict (id) do update set event_id = excluded.event_id,
         ticket_code = excluded.ticket_code, name = excluded.name, email = excluded.email,
         status = excluded.status, ticket_type_id = excluded.ticket_type_id,
         ticket_type = excluded.ticket_type, door_answers = excluded.door_answers
       -- Most pulls bring check-ins of attendees whose own row is as held: left unwritten.
       where attendees.event_id is not excluded.event_id
          or attendees.ticket_code is not excluded.ticket_code or attendees.name is not excluded.name
          or attendees.email is not excluded.email or attendees.status is not excluded.status
          or attendees.ticket_type_id is not excluded.ticket_type_id
          or attendees.ticket_type is not excluded.ticket_type
          or attendees.door_answers is not excluded.door_answers`,
    ),
    lastPk: db.prepare<[], number>('select coalesce(max(pk), 0) from attendees').pluck(),
    indexNewSince: db.prepare<[number]>(
      'insert into attendees_fts (rowid, name, email) select pk, name, email from attendees where pk > ?',
    ),
    clearCheckIns: db.prepare<[string]>('delete from server_checkins where registration_id = ?'),
    // Appended after the registration's others; a known nonce keeps its place.
    putCheckIn: db.prepare(
      `insert into server_checkins
         (nonce, registration_id, ord, scanned_at, received_at, device_id, staff_name, forced,
          forced_reason, point_id, direction)
       values (@nonce, @registrationId,
               (select coalesce(max(ord) + 1, 0) from server_checkins where registration_id = @registrationId),
               @scannedAt, @receivedAt, @deviceId, @staffName, @forced, @forcedReason, @pointId,
               @direction)
       on conflict (nonce) do update set received_at = excluded.received_at,
         staff_name = excluded.staff_name, forced = excluded.forced,
         forced_reason = excluded.forced_reason, point_id = excluded.point_id,
         direction = excluded.direction`,
    ),
    dropCheckIn: db.prepare<[string]>('delete from server_checkins where nonce = ?'),
    byCode: db.prepare<[string], AttendeeRow>(`${attendeeSelect} where a.ticket_code = ?`),
    byId: db.prepare<[string], AttendeeRow>(`${attendeeSelect} where a.id = ?`),
    emailTaken: db
      .prepare<[string, string], number>(
        `select exists (select 1 from attendees where event_id = ? and lower(email) = lower(?)
                          and status in ('registered', 'waitlisted'))`,
      )
      .pluck(),
    // Server truth, then this device's pending check-ins, minus those with a pending undo.
    standing: db.prepare<{ registrationId: string; deviceId: string }, CheckInRow>(
      `select nonce, scannedAt, receivedAt, deviceId, staffName, forced, forcedReason, pointId,
              direction, pending
         from (
           select nonce, scanned_at as scannedAt, received_at as receivedAt, device_id as deviceId,
                  staff_name as staffName, forced, forced_reason as forcedReason,
                  point_id as pointId, direction, 0 as pending, ord as sort
             from server_checkins where registration_id = @registrationId
           union all
           -- This station's own moves, where and which way they went (none: the first point, in).
           select nonce, at, null, @deviceId, staff_name, 0, null, point_id, direction, 1, 1e12 + seq
             from outbox
            where registration_id = @registrationId and kind = 'checkIn' and sent_at is null
         )
        where nonce not in (
          select check_in_nonce from outbox
           where registration_id = @registrationId and kind = 'revert' and sent_at is null)
        order by sort`,
    ),
    search: db.prepare<{ query: string; eventId: string; limit: number }, AttendeeRow>(
      `select ${attendeeFields}
         from attendees_fts f join attendees a on a.pk = f.rowid
        where attendees_fts match @query and a.event_id = @eventId
        limit @limit`,
    ),
    serverCheckIns: db.prepare<[string], Omit<DoorCheckIn, 'forced'> & { forced: number }>(
      `select nonce, scanned_at as scannedAt, received_at as receivedAt, device_id as deviceId,
              staff_name as staffName, forced, forced_reason as forcedReason,
              point_id as pointId, direction
         from server_checkins where registration_id = ? order by ord`,
    ),
    // A ticket let in twice (on two offline desktops, say): the server flags the second entry of
    // someone already in. Entries and exits at points that record them, or entries at two
    // points, are no conflict.
    conflicted: db
      .prepare<[string], string>(
        `select s.registration_id from server_checkins s cross join attendees a on a.id = s.registration_id
          where a.event_id = ? and s.forced_reason = 'already_checked_in'
          group by s.registration_id order by min(a.name)`,
      )
      .pluck(),
    conflictCount: db
      .prepare<[string], number>(
        `select count(distinct s.registration_id)
           from server_checkins s cross join attendees a on a.id = s.registration_id
          where a.event_id = ? and s.forced_reason = 'already_checked_in'`,
      )
      .pluck(),
    clearPoints: db.prepare<[string]>('delete from points where event_id = ?'),
    putPoint: db.prepare<[string, string, number, string]>(
      'insert into points (id, event_id, position, point) values (?, ?, ?, ?)',
    ),
    // This device's moves not yet uploaded, per point (one naming none: the event's first),
    // less those it has undone: what it reports to the server for the occupancy range.
    pendingMoves: db.prepare<{ eventId: string }, PointPending>(
      `select coalesce(point_id, (select id from points where event_id = @eventId
                                   order by position, id limit 1)) as pointId,
              count(*) filter (where direction = 'in') as entries,
              count(*) filter (where direction = 'out') as exits
         from outbox
        where kind = 'checkIn' and sent_at is null and event_id = @eventId
          and nonce not in (
            select check_in_nonce from outbox where kind = 'revert' and sent_at is null)
        group by 1`,
    ),
    points: db
      .prepare<[string], string>(
        'select point from points where event_id = ? order by position, id',
      )
      .pluck(),
  };

  const standing = (registrationId: string, deviceId: string): ScannerCheckIn[] =>
    statements.standing.all({ registrationId, deviceId }).map((row) => ({
      ...row,
      forced: row.forced === 1,
      pending: row.pending === 1,
    }));

  const putCheckIn = (registrationId: string, checkIn: DoorCheckIn) =>
    void statements.putCheckIn.run({
      ...checkIn,
      registrationId,
      forced: Number(checkIn.forced),
      // An older server sends neither: its check-ins are entries at the event's first point.
      pointId: checkIn.pointId ?? null,
      direction: checkIn.direction ?? 'in',
    });

  const getMeta = (key: string) => statements.getMeta.get(key)?.value ?? null;
  const setMeta = (key: string, value: string) => void statements.setMeta.run(key, value);
  // Marks that some attendee row was written: what the station counts from them is counted again.
  const attendeesChanged = () =>
    setMeta(attendeesVersionKey, String(Number(getMeta(attendeesVersionKey) ?? 0) + 1));

  return {
    getMeta,
    setMeta,
    /** This file's device id; `proposed` becomes it when the file is new. */
    deviceId(proposed: string): string {
      const known = getMeta('device_id');
      if (known) return known;
      setMeta('device_id', proposed);
      return proposed;
    },

    /** Saves a prepared event: its attendees were all written anew (prepare-build.ts). */
    saveEvent(event: DoorEvent, cursor: string, total: number, prepared: boolean) {
      statements.saveEvent.run({ ...event, cursor, total, prepared: Number(prepared) });
      attendeesChanged();
    },
    setCursor(eventId: string, cursor: string, at: string) {
      statements.setCursor.run(cursor, at, eventId);
    },
    event(eventId: string): ReplicaEvent | null {
      const row = statements.event.get(eventId);
      return row ? { ...row, prepared: row.prepared === 1 } : null;
    },
    preparedEventIds: () => statements.preparedEventIds.all(),

    /** Replaces each attendee and its standing check-ins with the server's version. */
    applyAttendees(attendees: DoorAttendee[]) {
      // Rows inserted below get keys above this one (pk is SQLite's rowid).
      const lastPk = statements.lastPk.get() ?? 0;
      let written = 0;
      for (const attendee of attendees) {
        // Its check-ins go before the attendee row changes, and come back after: each is
        // uncounted for the event it was counted for (replica-db.ts, server_moves).
        statements.clearCheckIns.run(attendee.id);
        written += statements.upsertAttendee.run({
          ...attendee,
          // An older server sends none.
          doorAnswersJson: JSON.stringify(attendee.doorAnswers ?? []),
          ticketTypeId: attendee.ticketTypeId ?? null,
          ticketType: attendee.ticketType ?? '',
        }).changes;
        for (const checkIn of attendee.checkIns) putCheckIn(attendee.id, checkIn);
      }
      statements.indexNewSince.run(lastPk);
      if (written > 0) attendeesChanged();
    },

    /** The event's check-in points as the server last sent them, replacing the ones held. */
    savePoints(eventId: string, points: CheckInPointDto[] | undefined) {
      // An older server sends none: keep what the file holds.
      if (!points) return;
      statements.clearPoints.run(eventId);
      for (const point of points) {
        statements.putPoint.run(point.id, eventId, point.position, JSON.stringify(point));
      }
    },
    /** What else a page says about the event: its points, walk-in form and badge layout. */
    saveSetup(eventId: string, page: DoorPage) {
      this.savePoints(eventId, page.points);
      // An older server sends neither: keep what the file holds.
      if (page.walkInDesk) setMeta(`walk_in_desk:${eventId}`, JSON.stringify(page.walkInDesk));
      if (page.badgeLayout) setMeta(`badge_layout:${eventId}`, JSON.stringify(page.badgeLayout));
    },
    walkInDesk(eventId: string): WalkInDesk | null {
      const json = getMeta(`walk_in_desk:${eventId}`);
      return json ? (JSON.parse(json) as WalkInDesk) : null;
    },
    badgeLayout(eventId: string): StationBadgeLayout | null {
      const json = getMeta(`badge_layout:${eventId}`);
      return json ? (JSON.parse(json) as StationBadgeLayout) : null;
    },
    points: (eventId: string): CheckInPointDto[] =>
      statements.points.all(eventId).map((json) => JSON.parse(json) as CheckInPointDto),

    /** This device's pending moves per point, as points.reportPending takes them. */
    pendingMoves: (eventId: string): PointPending[] =>
      statements.pendingMoves.all({ eventId }).filter((moves) => moves.pointId !== null),
    /** What the other stations reported, as the server last answered. */
    savePendingElsewhere: (eventId: string, reports: PendingReports) =>
      setMeta(pendingElsewhereKey(eventId), JSON.stringify(reports)),

    /** What the server said about one of this device's uploads, before the pull confirms it. */
    putCheckIn,
    dropCheckIn: (nonce: string) => void statements.dropCheckIn.run(nonce),

    attendeeByCode: (code: string) => {
      const row = statements.byCode.get(code);
      return row ? toAttendee(row) : null;
    },
    attendeeById: (id: string) => {
      const row = statements.byId.get(id);
      return row ? toAttendee(row) : null;
    },
    /** Whether someone holds this email in the event (a copy prepared for a steward has none). */
    emailTaken: (eventId: string, email: string) => statements.emailTaken.get(eventId, email) === 1,
    /** Server truth, then the device's own pending check-ins, less those it has undone. */
    standing,

    /** Name or email, each word a prefix: "ada lov" finds Ada Lovelace. */
    search(eventId: string, text: string, limit: number): ScannerAttendee[] {
      const words = text
        .normalize('NFKC')
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .slice(0, 8);
      if (words.length === 0) return [];
      // Each word quoted, so nothing the user types is read as FTS5 syntax.
      const query = words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
      // Ranking every match of a short prefix costs ~100 ms on 100,000 rows; the first matches
      // in name order keep typing instant, and each extra letter narrows them.
      return statements.search
        .all({ query, eventId, limit })
        .map(toAttendee)
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    /** How many attendees conflicts() would list, counted from their index alone. */
    conflictCount: (eventId: string) => statements.conflictCount.get(eventId) ?? 0,

    conflicts(eventId: string): CheckInConflict[] {
      return statements.conflicted.all(eventId).flatMap((registrationId) => {
        const attendee = statements.byId.get(registrationId);
        if (!attendee) return [];
        const checkIns = statements.serverCheckIns
          .all(registrationId)
          .map((row) => ({ ...row, forced: row.forced === 1 }));
        return [
          {
            registrationId,
            eventId,
            ticketCode: attendee.ticketCode,
            name: attendee.name,
            checkIns,
          },
        ];
      });
    },
  };
}

export type Replica = ReturnType<typeof createReplica>;
