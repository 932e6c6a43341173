import { deviceKinds, type DeviceKind } from '@shared/contract/devices';
import type { Db, Sql } from '../db/db';
import { currentDatabase, groupRole } from './team-roles';

/*
 * What each kind of desktop's own login may do, enforced by PostgreSQL. Every desktop's login is
 * a member of one group role; no group owns anything, so no desktop can alter the schema.
 *
 * door       reads published events, their attendees and check-ins (row-level security), staff
 *            names and roles (never a password hash); records check-ins and undos of published
 *            events only (not the server's arrival time), and the check-in counter (a trigger sets it
 *            to its true value at commit); writes audit rows it cannot read; signs in
 *            door staff only, through the session functions (it never reads sessions).
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
const doorCheckInColumns =
  'nonce, registration_id, event_id, scanned_at, forced, forced_reason, device_id, staff_user_id, point_id, direction';
const eventTables = ['events', 'event_registrations', 'check_ins'];
const rlsTables = [...eventTables, 'audit_log', 'ticket_types', 'checkin_points'];
/** What a door desktop writes to the audit log: sign-ins and check-ins, nothing it could forge more. */
const doorAuditActions = ['auth.%', 'checkins.%', 'scanner.%', 'door.%'];

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
];
const adminFunctions = [
  'usher_device_enroll(text, text, text, text, timestamptz)',
  'usher_device_revoke(uuid)',
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
        `create policy usher_staff on ${table} for all to ${staff} using (true) with check (true)`,
    ),

    // The door: published events only, and of those only what a check-in needs to change.
    `grant select on events, event_registrations, check_ins to ${door}`,
    `grant update (checked_in_count) on events to ${door}`,
    // Not received_at, seq or the change stamp: those are the server's word.
    `grant insert (${doorCheckInColumns}) on check_ins to ${door}`,
    `grant update (reverted_at, revert_nonce) on check_ins to ${door}`,
    `grant usage on sequence check_ins_seq_seq to ${door}`,
    `create policy usher_door_read on events for select to ${door} using (status = 'published')`,
    `create policy usher_door_count on events for update to ${door}
       using (status = 'published') with check (status = 'published')`,
    `create policy usher_door_read on event_registrations for select to ${door} using (${published})`,
    `create policy usher_door_read on check_ins for select to ${door} using (${published})`,
    `create policy usher_door_check_in on check_ins for insert to ${door}
       with check (${published} and exists (select 1 from event_registrations r
                    where r.id = registration_id and r.event_id = check_ins.event_id))`,
    `create policy usher_door_undo on check_ins for update to ${door}
       using (${published}) with check (${published})`,
    // Ticket types (migration 1764300000000): organizers and admins keep them (registering keeps
    // their counters); the door reads those of published events.
    `grant select, insert, update, delete on ticket_types to ${staff}`,
    `grant select on ticket_types to ${door}`,
    `create policy usher_door_read on ticket_types for select to ${door} using (${published})`,
    // Door staff and their events (migration 1764320000000): every desktop reads who works
    // which event; organizers and admins assign (the core checks the event is theirs).
    `grant select (all_events) on users to ${door}, ${organizer}`,
    `grant select on event_door_staff to ${all}`,
    `grant insert, delete on event_door_staff to ${staff}`,
    // Check-in points (migration 1764320001000): organizers and admins keep them; the door reads
    // those of published events.
    `grant select, insert, update on checkin_points to ${staff}`,
    `grant select on checkin_points to ${door}`,
    `create policy usher_door_read on checkin_points for select to ${door} using (${published})`,
    `create policy usher_door_audit on audit_log for insert to ${door}
       with check (${doorAuditActions.map((pattern) => `action like '${pattern}'`).join(' or ')})`,
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
    `revoke all on function ${[...desktopFunctions, ...adminFunctions].join(', ')} from ${everyone}`,
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
