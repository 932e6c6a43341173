import type { MigrationInterface, QueryRunner } from 'typeorm';

// Door roles and event assignment (docs/door-day.md). 'door' stays the supervisor's role (its
// rows keep their meaning); 'steward' is new and signs in on the same door desktops. Door staff
// work every published event, as before, until an admin limits them to the events they are
// assigned to (pretix's teams: "all events" or chosen ones).
export class DoorStaff1764360000000 implements MigrationInterface {
  name = 'DoorStaff1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('alter table users drop constraint users_role_check');
    await db.query(`
      alter table users add constraint users_role_check
        check (role in ('admin', 'organizer', 'door', 'steward'))`);
    await db.query('alter table users add column all_events boolean not null default true');
    await db.query(`
      create table event_door_staff (
        event_id uuid not null references events (id) on delete cascade,
        user_id uuid not null references users (id) on delete cascade,
        assigned_at timestamptz not null default now(),
        primary key (event_id, user_id)
      )`);
    await db.query('create index event_door_staff_user_idx on event_door_staff (user_id)');
    // A steward's undo is checked against their newest scan (electron/core/checkins/decide.ts).
    await db.query(
      'create index check_ins_staff_scanned_idx on check_ins (staff_user_id, scanned_at, seq)',
    );

    // A door desktop signs in stewards as well as supervisors; an organizer's desktop both.
    await db.query(`
      create or replace function usher_desktop_covers(staff_role text) returns boolean
        language sql stable security definer set search_path = public, pg_temp as $$
        select case usher_desktop_kind()
          when 'owner' then true
          when 'admin' then true
          when 'organizer' then staff_role in ('organizer', 'door', 'steward')
          when 'door' then staff_role in ('door', 'steward')
          else false end
      $$`);
    await db.query(`
      create or replace function usher_scan_keys(key_ids text[]) returns table (
        key_id text, user_id uuid, scan_key bytea)
        language sql stable security definer set search_path = public, pg_temp as $$
        select k.key_id, k.user_id, k.scan_key
          from staff_scan_keys k join users u on u.id = k.user_id
         where k.key_id = any(key_ids) and k.expires_at > now() and not u.disabled
           and u.role in ('steward', 'door', 'organizer', 'admin')
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      create or replace function usher_scan_keys(key_ids text[]) returns table (
        key_id text, user_id uuid, scan_key bytea)
        language sql stable security definer set search_path = public, pg_temp as $$
        select k.key_id, k.user_id, k.scan_key
          from staff_scan_keys k join users u on u.id = k.user_id
         where k.key_id = any(key_ids) and k.expires_at > now() and not u.disabled
           and u.role in ('door', 'organizer', 'admin')
      $$`);
    await db.query(`
      create or replace function usher_desktop_covers(staff_role text) returns boolean
        language sql stable security definer set search_path = public, pg_temp as $$
        select case usher_desktop_kind()
          when 'owner' then true
          when 'admin' then true
          when 'organizer' then staff_role in ('organizer', 'door')
          when 'door' then staff_role = 'door'
          else false end
      $$`);
    await db.query('drop index if exists check_ins_staff_scanned_idx');
    await db.query('drop table if exists event_door_staff');
    await db.query('alter table users drop column if exists all_events');
    await db.query(`update users set role = 'door' where role = 'steward'`);
    await db.query('alter table users drop constraint users_role_check');
    await db.query(`
      alter table users add constraint users_role_check
        check (role in ('admin', 'organizer', 'door'))`);
  }
}
