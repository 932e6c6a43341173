import { deviceKinds, type DeviceKind } from '@shared/contract/devices';
import type { Db, Sql } from '../db/db';
import { currentDatabase, groupRole } from './team-roles';

/*
 * What each kind of desktop's own login may do, enforced by PostgreSQL. Every desktop's login is
 * a member of one group role; no group owns anything, so no desktop can alter the schema.
 *
 * door       reads published events, their attendees and check-ins (row-level security), staff
 *            names and roles (never a password hash); records check-ins and undos only through
 *            usher_door_check_in / usher_door_undo (it writes no table of events, registrations
 *            or check-ins); writes audit rows it cannot read; signs in door staff only, through
 *            the session functions (it never reads sessions).
 * organizer  events, registrations and check-ins; staff names and roles; sessions only through
 *            the functions; no staff accounts, devices or audit log.
 * organizer  (also) queues mail, keeps its events' mail templates and sends the outbox.
 * admin      all of that, plus staff accounts, sessions, devices, the audit log and the mail
 *            server settings.
 * every one  reads usher_instance (the Redis key prefix) and keeps the sign-in throttle; scan keys
 *            only through usher_scan_key_create, usher_scan_keys and usher_user_sessions_delete.
 *
 * Run once per team with the owner's connection (`usher team init`), and again after every
 * `usher migrate` (which does it by itself): it starts from nothing each time, so it also
 * converts a database that was used with the owner's login everywhere.
 */

const staffColumns = 'id, email, full_name, role, disabled, created_at, updated_at';
const eventTables = ['events', 'event_registrations', 'check_ins'];
/** Custom questions and their answers (migration 1764310000000, electron/core/questions). */
const questionTables = ['event_questions', 'registration_answers'];
/** An event's attendees and what is theirs: an organizer desktop sees its acting staff's. */
const actorTables = [
  'event_registrations',
  'check_ins',
  'mail_outbox',
  'mail_templates',
  'ticket_types',
  ...questionTables,
];
/** An event's door set-up (migrations 1764360000000, 1764360001000, 1764370000000): every organizer reads that
 * of the events it sees, changes that of the events it manages. */
const eventSetupTables = ['checkin_points', 'event_door_staff', 'badge_layouts'];
/** What door stations hold but have not uploaded (migration 1764380000000): every desktop reports. */
const stationTables = ['station_pending'];
const rlsTables = [
  ...eventTables,
  ...stationTables,
  ...questionTables,
  'audit_log',
  'mail_outbox',
  'mail_templates',
  'ticket_types',
  ...eventSetupTables,
];
/** What a door desktop writes to the audit log: sign-ins and check-ins, nothing it could forge more. */
const doorAuditActions = ['auth.%', 'checkins.%', 'scanner.%', 'door.%', 'walkIns.%'];

/** Functions every desktop calls; the others are the admins'. */
const desktopFunctions = [
  'usher_desktop_kind()',
  'usher_desktop_name()',
  'usher_desktop_covers(text)',
  'usher_password_hash(uuid)',
  'usher_session_create(bytea, uuid, boolean, timestamptz)',
  'usher_session_user(bytea)',
  'usher_session_delete(bytea)',
  'usher_set_own_password_hash(bytea, text)',
  'usher_scan_key_create(text, uuid, bytea, timestamptz)',
  'usher_scan_keys(text[])',
  'usher_user_sessions_delete(uuid, bytea, text)',
  'usher_device_seen()',
  'usher_device_join(text)',
  // Check-ins and undos (migration 1764330000000): the only way any desktop writes them.
  'usher_lock_events(uuid[])',
  'usher_door_check_in(bytea, text, text[], uuid[], text[], text[], text[], uuid[], text[], text[], uuid[], text[])',
  'usher_door_undo(bytea, text[], text[], text[], text[], uuid[], text[])',
  // Walk-ins (migration 1764390000000): a supervisor's, never a steward's; the function checks.
  'usher_door_walk_in(bytea, uuid, uuid, text, text, text, uuid, jsonb, boolean)',
  // Naming the staff member acting on a connection (migration 1764330001000); the row-level
  // security of organizer desktops reads it through the other two.
  'usher_act_as(bytea)',
  'usher_actor()',
  'usher_actor_event_ids()',
];
const adminFunctions = [
  'usher_device_enroll(text, text, text, text, timestamptz)',
  'usher_device_revoke(uuid)',
];
/** Used inside the functions above only; no desktop calls them. */
const internalFunctions = [
  'usher_scan_proof_valid(text, uuid, text, text, text, text, text)',
  'usher_uploader(bytea)',
  'usher_checks_in_at(users, events)',
  'usher_base64url(bytea)',
];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function grantStatements(group: Record<DeviceKind, string>): string[] {
  const { door, organizer, admin } = group;
  const all = [door, organizer, admin].join(', ');
  const staff = [organizer, admin].join(', ');
  const published = `exists (select 1 from events e where e.id = event_id and e.status = 'published')`;
  return [
    `grant usage on schema public to ${all}`,
    `grant select on migrations to ${all}`,
    `grant execute on function ${desktopFunctions.join(', ')} to ${all}`,
    `grant execute on function ${adminFunctions.join(', ')} to ${admin}`,

    // Staff: names and roles for every desktop; accounts, hashes and sessions for admins.
    `grant select (${staffColumns}) on users to ${door}, ${organizer}`,
    `grant select, insert, update on users to ${admin}`,
    `grant select, delete on sessions to ${admin}`,
    `grant select on devices to ${admin}`,
    `grant insert on audit_log to ${all}`,
    `grant select on audit_log to ${admin}`,
    `grant usage on sequence audit_log_id_seq to ${all}`,

    // Security (migration 1764120000000): every desktop reads this database's id (its Redis
    // key prefix) and keeps the shared sign-in throttle; scan keys only through the functions.
    `grant select on usher_instance to ${all}`,
    `grant select, insert, update, delete on sign_in_failures to ${all}`,
    `grant select, delete on staff_scan_keys to ${admin}`,

    // Mail (migration 1764100000000): organizers queue messages and keep their events'
    // templates, and their desktops' workers send the queue with the server settings they read;
    // admins also save those settings. Door desktops queue nothing and send nothing.
    `grant select, insert, update on mail_outbox, mail_templates to ${staff}`,
    `grant select on mail_settings to ${organizer}`,
    `grant select, insert, update on mail_settings to ${admin}`,

    // Events, registrations and check-ins.
    ...eventTables.map((table) => `grant select, insert, update on ${table} to ${staff}`),
    `grant usage on sequence event_registrations_seq_seq, check_ins_seq_seq to ${staff}`,
    ...rlsTables.map(
      (table) =>
        `create policy usher_admin on ${table} for all to ${admin} using (true) with check (true)`,
    ),
    `create policy usher_organizer_audit on audit_log for insert to ${organizer} with check (true)`,
    ...organizerPolicies(organizer),

    // The door reads published events, their attendees and check-ins, and writes nothing of
    // them: check-ins and undos go through usher_door_check_in / usher_door_undo, which check
    // the event, the registration and the staff themselves and keep the counter.
    `grant select on events, event_registrations, check_ins to ${door}`,
    `create policy usher_door_read on events for select to ${door} using (status = 'published')`,
    `create policy usher_door_read on event_registrations for select to ${door} using (${published})`,
    `create policy usher_door_read on check_ins for select to ${door} using (${published})`,
    // Ticket types (migration 1764300000000): organizers and admins keep them (registering keeps
    // their counters); an organizer reads the types of every event it sees, keeps its own
    // events'; the door reads those of published events.
    `grant select, insert, update, delete on ticket_types to ${staff}`,
    `grant select on ticket_types to ${door}`,
    `create policy usher_organizer_read_types on ticket_types for select to ${organizer}
       using (exists (select 1 from events e where e.id = event_id))`,
    `create policy usher_door_read on ticket_types for select to ${door} using (${published})`,
    // Questions: organizers keep them and the answers; the door reads door-visible questions of
    // published events and the answers to those only, never a private answer.
    `grant select, insert, update, delete on ${questionTables.join(', ')} to ${staff}`,
    `grant select on ${questionTables.join(', ')} to ${door}`,
    `create policy usher_organizer_read_questions on event_questions for select to ${organizer}
       using (exists (select 1 from events e where e.id = event_id))`,
    `create policy usher_door_read on event_questions for select to ${door}
       using (door_visible and ${published})`,
    `create policy usher_door_read on registration_answers for select to ${door}
       using (${published} and exists (select 1 from event_questions q
                where q.id = question_id and q.door_visible))`,
    // Door staff and their events (migration 1764360000000): every desktop reads who works
    // which published event; organizers and admins assign (the core checks the event is theirs).
    `grant select (all_events) on users to ${door}, ${organizer}`,
    `grant select on event_door_staff to ${all}`,
    `grant insert, delete on event_door_staff to ${staff}`,
    `create policy usher_door_read on event_door_staff for select to ${door} using (${published})`,
    // Check-in points (migration 1764360001000): organizers and admins keep them; the door reads
    // those of published events (it records check-ins at them only through the functions).
    `grant select, insert, update on checkin_points to ${staff}`,
    `grant select on checkin_points to ${door}`,
    `create policy usher_door_read on checkin_points for select to ${door} using (${published})`,
    // Badge layouts (migration 1764370000000): organizers and admins keep them; the door reads
    // those of published events, to print a badge as someone is admitted.
    `grant select, insert, update on badge_layouts to ${staff}`,
    `grant select on badge_layouts to ${door}`,
    `create policy usher_door_read on badge_layouts for select to ${door} using (${published})`,
    // Stations' pending moves (migration 1764380000000): any desktop may run a door station, so
    // each reads every report (counts, no names) and keeps only those its own login made.
    `grant select, insert, update, delete on ${stationTables.join(', ')} to ${all}`,
    `create policy usher_station_read on station_pending for select to ${door}, ${organizer}
       using (true)`,
    `create policy usher_station_own on station_pending for all to ${door}, ${organizer}
       using (login = current_user) with check (login = current_user)`,
    `create policy usher_door_audit on audit_log for insert to ${door}
       with check (${doorAuditActions.map((pattern) => `action like '${pattern}'`).join(' or ')})`,
  ];
}

/*
 * An organizer desktop sees what the staff member acting at it sees (migration 1764330001000:
 * the app names the caller's session on each connection): every event, as the app lists them,
 * changing only those they created; the attendees, check-ins and mail of the events they manage
 * (door staff signed in there: of published events). Without a live session: nothing.
 */
const actorRole = '(select a.role from usher_actor() a)';
const actorId = '(select a.id from usher_actor() a)';
const actorEvents = 'event_id in (select usher_actor_event_ids())';

function organizerPolicies(organizer: string): string[] {
  return [
    `create policy usher_organizer_read on events for select to ${organizer}
       using (case ${actorRole} when 'organizer' then true
                               when 'door' then status = 'published'
                               when 'steward' then status = 'published' else false end)`,
    `create policy usher_organizer_create on events for insert to ${organizer}
       with check (created_by = ${actorId} and ${actorRole} = 'organizer')`,
    // Every event an organizer sees may be locked (the app then says FORBIDDEN, not NOT_FOUND),
    // but a changed row must stay their own; a trigger keeps its creator (migration 1764330001000).
    `create policy usher_organizer_change on events for update to ${organizer}
       using (${actorRole} = 'organizer') with check (created_by = ${actorId})`,
    ...actorTables.map(
      (table) =>
        `create policy usher_organizer_attendees on ${table} for all to ${organizer}
           using (${actorEvents}) with check (${actorEvents})`,
    ),
    // An event's set-up: read with the events one sees (their own row-level security holds in
    // this subquery), kept for the events one manages.
    ...eventSetupTables.flatMap((table) => [
      `create policy usher_organizer_read on ${table} for select to ${organizer}
         using (exists (select 1 from events e where e.id = event_id))`,
      `create policy usher_organizer_keep on ${table} for all to ${organizer}
         using (${actorEvents}) with check (${actorEvents})`,
    ]),
  ];
}

/** Takes every right away from the groups and from PUBLIC, so each run starts from nothing. */
async function revokeEverything(sql: Sql, database: string, groups: string[]) {
  const everyone = ['public', ...groups].join(', ');
  await sql.run(`revoke all on database ${ident(database)} from ${everyone}`);
  await sql.run(`grant connect on database ${ident(database)} to ${groups.join(', ')}`);
  await sql.run(`revoke create on schema public from public`);
  await sql.run(`revoke all on all tables in schema public from ${everyone}`);
  await sql.run(`revoke all on all sequences in schema public from ${everyone}`);
  await sql.run(
    `revoke all on function ${[...desktopFunctions, ...adminFunctions, ...internalFunctions].join(', ')} from ${everyone}`,
  );
  const policies = await sql.many<{ table: string; policy: string }>(
    `select tablename as table, policyname as policy from pg_policies
      where schemaname = 'public' and policyname like 'usher\\_%'`,
  );
  for (const { table, policy } of policies) {
    await sql.run(`drop policy ${ident(policy)} on ${ident(table)}`);
  }
}

export interface TeamInitResult {
  database: string;
  groups: Record<DeviceKind, string>;
}

/**
 * Lays (or lays again) the group roles, grants and row-level security of team mode. Needs the
 * owner's connection with CREATEROLE. One transaction: a failure leaves the database as it was.
 */
export async function initTeam(db: Db): Promise<TeamInitResult> {
  return db.tx(async (sql) => {
    const database = await currentDatabase(sql);
    const groups = Object.fromEntries(
      deviceKinds.map((kind) => [kind, groupRole(database, kind)]),
    ) as Record<DeviceKind, string>;
    const quoted = Object.fromEntries(
      deviceKinds.map((kind) => [kind, ident(groups[kind])]),
    ) as Record<DeviceKind, string>;
    for (const name of Object.values(groups)) {
      const exists = await sql.one('select 1 from pg_roles where rolname = $1', [name]);
      if (!exists) await sql.run(`create role ${ident(name)} nologin`);
    }
    await revokeEverything(sql, database, Object.values(quoted));
    for (const statement of grantStatements(quoted)) await sql.run(statement);
    // Importing registrations checks the file's lines in a temporary table (import_seen).
    await sql.run(
      `grant temporary on database ${ident(database)} to ${quoted.organizer}, ${quoted.admin}`,
    );
    for (const table of rlsTables) {
      await sql.run(`alter table ${table} enable row level security`);
    }
    return { database, groups };
  });
}
