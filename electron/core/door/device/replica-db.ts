import Database from 'better-sqlite3';

export type ReplicaDb = Database.Database;

/** The attendee table's indexes; a first download drops and builds them again around its load. */
export const attendeeIndexes = `
  create unique index attendees_id on attendees (id);
  create unique index attendees_code on attendees (ticket_code);
  create index attendees_event on attendees (event_id);`;

// New rows are indexed in bulk by applyAttendees and by a first download (a per-row trigger is
// several times slower); the rare rename or removal is kept in step here.
const attendeeFtsTriggers = `
  create trigger attendees_fts_delete after delete on attendees begin
    insert into attendees_fts (attendees_fts, rowid, name, email)
      values ('delete', old.pk, old.name, old.email);
  end;
  create trigger attendees_fts_update after update of name, email on attendees
    when old.name is not new.name or old.email is not new.email begin
    insert into attendees_fts (attendees_fts, rowid, name, email)
      values ('delete', old.pk, old.name, old.email);
    insert into attendees_fts (rowid, name, email) values (new.pk, new.name, new.email);
  end;`;

/** Keep server_moves and server_checked_in (schema step 6) in step with server_checkins. */
const countMove = (row: 'new' | 'old') =>
  row === 'new'
    ? `insert into server_moves (event_id, point_id, direction, n)
         select a.event_id, coalesce(new.point_id, ''), new.direction, 1
           from attendees a where a.id = new.registration_id
            and new.forced_reason is not 'already_checked_in'
         on conflict do update set n = n + 1;`
    : `update server_moves set n = n - 1
        where old.forced_reason is not 'already_checked_in'
          and event_id = (select event_id from attendees where id = old.registration_id)
          and point_id = coalesce(old.point_id, '') and direction = old.direction;`;
const serverCountTriggers = `
  create trigger if not exists server_checkins_count_insert after insert on server_checkins begin
    ${countMove('new')}
    insert into server_checked_in (event_id, n)
      select a.event_id, 1 from attendees a where a.id = new.registration_id
         and not exists (select 1 from server_checkins s
                          where s.registration_id = new.registration_id and s.nonce <> new.nonce)
      on conflict (event_id) do update set n = n + 1;
  end;
  create trigger if not exists server_checkins_count_delete after delete on server_checkins begin
    ${countMove('old')}
    update server_checked_in set n = n - 1
     where event_id = (select event_id from attendees where id = old.registration_id)
       and not exists (select 1 from server_checkins s where s.registration_id = old.registration_id);
  end;
  -- A check-in's registration is never rewritten (putCheckIn updates the rest).
  create trigger if not exists server_checkins_count_update
    after update of forced_reason, point_id, direction on server_checkins begin
    ${countMove('old')}
    ${countMove('new')}
  end;`;

// Version of the device file's schema; a newer app upgrades older files step by step.
const migrations: string[] = [
  `
  create table meta (key text primary key, value text not null) without rowid;

  create table events (
    id text primary key,
    title text not null,
    location text not null,
    starts_at text not null,
    ends_at text not null,
    time_zone text not null,
    status text not null,
    -- Where door.snapshot / door.changes continue; saved with each applied page.
    cursor text,
    total integer not null default 0,
    prepared integer not null default 0,
    pulled_at text
  );

  -- The server's registrations. pk is an integer key for the full-text index.
  create table attendees (
    pk integer primary key,
    id text not null unique,
    event_id text not null,
    ticket_code text not null unique,
    name text not null,
    email text not null,
    status text not null
  );
  create index attendees_event on attendees (event_id);

  create virtual table attendees_fts using fts5(
    name, email, content = 'attendees', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  ${attendeeFtsTriggers}

  -- The server's standing check-ins per registration, in the order it applied them.
  create table server_checkins (
    nonce text primary key,
    registration_id text not null,
    ord integer not null,
    scanned_at text not null,
    received_at text not null,
    device_id text not null,
    staff_name text,
    forced integer not null,
    forced_reason text
  );
  create index server_checkins_registration on server_checkins (registration_id, ord);

  -- Everything this device did, in order. Pending until the server acknowledges it (sent_at).
  create table outbox (
    seq integer primary key autoincrement,
    nonce text not null unique,
    kind text not null check (kind in ('checkIn', 'revert')),
    event_id text not null,
    registration_id text not null,
    check_in_nonce text,
    at text not null,
    staff_name text,
    sent_at text,
    forced_reason text,
    rejected text
  );
  create index outbox_pending on outbox (seq) where sent_at is null;
  create index outbox_registration on outbox (registration_id, kind) where sent_at is null;
  `,
  // The attendee table's keys as named indexes rather than column constraints, so a first
  // download can load the rows bare and build each index once, in order (prepare-build.ts).
  `
  create table attendees_keyed (
    pk integer primary key,
    id text not null,
    event_id text not null,
    ticket_code text not null,
    name text not null,
    email text not null,
    status text not null
  );
  insert into attendees_keyed select pk, id, event_id, ticket_code, name, email, status from attendees;
  drop table attendees;
  alter table attendees_keyed rename to attendees;
  ${attendeeIndexes}
  ${attendeeFtsTriggers}
  `,
  // The door day: what check-in point rules need (docs/door-day.md). Each attendee's ticket type
  // (a point admits chosen types; its name shows with the verdict), where and which way each
  // server check-in went, and the event's points as the server last sent them (a point's rules as
  // its CheckInPointDto JSON, so a later rule needs no new column).
  `
  alter table attendees add column ticket_type_id text;
  alter table attendees add column ticket_type text not null default '';
  alter table server_checkins add column point_id text;
  alter table server_checkins add column direction text not null default 'in';
  create table points (
    id text primary key,
    event_id text not null,
    position integer not null,
    point text not null
  );
  create index points_event on points (event_id, position);
  -- Prepared events pull every attendee again at the next sync (the cursor of a pass from the
  -- start), so rows written before this step get their ticket type; the file stays prepared and
  -- scans offline meanwhile.
  update events set cursor = '0.00000000-0000-0000-0000-000000000000..' where prepared = 1;
  `,
  // The station decides by a check-in point (docs/door-day.md): where and which way each of this
  // device's moves went, uploaded with it. Items made before this step name no point and are
  // entries, which the server reads as entries at the event's first point: what they meant.
  // An undo carries the point and direction of the move it takes back.
  `
  alter table outbox add column point_id text;
  alter table outbox add column direction text not null default 'in';
  -- The station counts its pending moves per point after every scan (occupancy) and reports them
  -- at every sync: from this index alone, not the rows (10,000 pending: ~1 ms, not ~10 ms).
  create index outbox_pending_moves on outbox (event_id, point_id, direction, nonce)
    where sent_at is null and kind = 'checkIn';
  `,
  // Walk-ins registered at this station (docs/door-day.md). Each waits here, with its check-in in
  // the outbox (the same transaction), until the server has registered it; check-ins of a walk-in
  // still waiting are held back from upload. `walk_in` is JSON: the walkIns.upload item and the
  // attendee as the station shows it (walk-in.ts). `flag`: how the server kept it.
  `
  create table if not exists walk_ins (
    seq integer primary key autoincrement,
    nonce text not null unique,
    event_id text not null,
    at text not null,
    staff_name text,
    staff_user_id text,
    walk_in text not null,
    sent_at text,
    flag text,
    rejected text
  );
  create index if not exists walk_ins_pending on walk_ins (seq) where sent_at is null;
  `,
  // What the station shows after every scan and every pull, counted as the server's check-ins
  // come and go rather than over all of them each time: at 50,000 check-ins the counts took
  // ~100 ms a status, which the door reads after every call. Per event: the standing moves per
  // point and direction (a second entry of someone inside is no new person), and the attendees
  // with a check-in standing. A point of '' is none named: the event's first. A check-in is
  // counted for its attendee's event when it comes and uncounted when it goes, so its attendee
  // row is written first and removed last (replica.ts applyAttendees, prepare-build.ts).
  `
  create table if not exists server_moves (
    event_id text not null,
    point_id text not null,
    direction text not null,
    n integer not null,
    primary key (event_id, point_id, direction)
  ) without rowid;
  create table if not exists server_checked_in (event_id text primary key, n integer not null) without rowid;
  ${serverCountTriggers}
  -- Counted from the rows (again, for a file whose version was set back: tests do).
  delete from server_moves;
  delete from server_checked_in;
  insert into server_moves (event_id, point_id, direction, n)
    select a.event_id, coalesce(s.point_id, ''), s.direction, count(*)
      from server_checkins s join attendees a on a.id = s.registration_id
     where s.forced_reason is not 'already_checked_in'
     group by 1, 2, 3;
  insert into server_checked_in (event_id, n)
    select a.event_id, count(distinct s.registration_id)
      from server_checkins s join attendees a on a.id = s.registration_id
     group by 1;
  -- The second entries the station lists as conflicts: few, found from this index alone.
  create index if not exists server_checkins_second_entries on server_checkins (registration_id)
    where forced_reason = 'already_checked_in';
  -- The outbox keeps every scan sent: the few the server refused are counted from their own index.
  create index if not exists outbox_rejected on outbox (seq) where rejected is not null;
  `,
];

/**
 * Opens (or creates) a device's file. WAL with synchronous=FULL: a committed scan survives a
 * crash of the app and of the machine, and readers never wait for the writer.
 */
export function openReplica(file: string): ReplicaDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoints run after each sync, off the scan path; this is only the backstop (~16 MB).
  db.pragma('wal_autocheckpoint = 4000');
  // The ticket-code and id indexes take keys in random order: with SQLite's default 2 MB cache
  // each insert of a big prepare reads its pages back from the OS, and loading slows as the file
  // grows. 64 MB holds the hot pages of a million attendees' indexes; it is only used as needed.
  db.pragma('cache_size = -65536');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    db.close();
    throw new Error(`${file} was written by a newer version of Usher`);
  }
  db.transaction(() => {
    for (const sql of migrations.slice(version)) db.exec(sql);
    db.pragma(`user_version = ${migrations.length}`);
    addMissingColumns(db);
  }).immediate();
  return db;
}

/**
 * Columns added after a file's schema was first released: an older build's file gets them in
 * place, keeping every row it holds.
 */
function addMissingColumns(db: ReplicaDb) {
  const outbox = db.pragma('table_info(outbox)') as { name: string }[];
  // Who scanned (or undid): the staff signed in when the item was made, not whoever uploads it.
  if (!outbox.some((column) => column.name === 'staff_user_id')) {
    db.exec('alter table outbox add column staff_user_id text');
  }
  // That staff's signature, so the server can tell who really scanned (auth/scan-key.ts).
  if (!outbox.some((column) => column.name === 'staff_proof')) {
    db.exec('alter table outbox add column staff_proof text');
  }
  addDoorAnswers(db);
}

/**
 * Answers to the event's door-visible questions, as the server's DoorAnswer JSON: shown with the
 * verdict. Private answers are never sent to a device, so this file cannot hold them.
 */
function addDoorAnswers(db: ReplicaDb) {
  const attendees = db.pragma('table_info(attendees)') as { name: string }[];
  if (!attendees.some((column) => column.name === 'door_answers')) {
    db.exec("alter table attendees add column door_answers text not null default '[]'");
  }
}
