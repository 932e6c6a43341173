import type { MigrationInterface, QueryRunner } from 'typeorm';

// Enrolled desktops, and the SECURITY DEFINER functions a desktop's own restricted login uses
// where it must do something it may not do directly: sign in staff whose role its own role
// covers (reading only their password hash), keep sessions it cannot read, join once with its
// enrollment code. The group roles, grants and row-level security that make these the only way
// are per team and are laid by `usher team init` (electron/core/devices/team-init.ts); in local
// mode and on the owner's login the functions simply allow everything.
export class Devices1764200000000 implements MigrationInterface {
  name = 'Devices1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table devices (
        id uuid primary key default gen_random_uuid(),
        name text not null check (length(name) between 1 and 100),
        kind text not null check (kind in ('door', 'organizer', 'admin')),
        -- This desktop's PostgreSQL login and Redis ACL user (the same name).
        login text not null unique,
        created_at timestamptz not null default now(),
        -- The enrollment code works once, until then.
        code_expires_at timestamptz not null,
        joined_at timestamptz,
        last_seen_at timestamptz,
        revoked_at timestamptz,
        -- Handed to the desktop once, when it joins, then erased.
        pending_redis_password text
      )`);
    await db.query(
      'create unique index devices_active_name_key on devices (lower(name)) where revoked_at is null',
    );

    // The kind of desktop this connection is: its device row, or 'owner' for the schema's owner
    // (local mode, `usher migrate`, a desktop not yet enrolled), or 'none'.
    await db.query(`
      create function usher_desktop_kind() returns text
        language sql stable security definer set search_path = public, pg_temp as $$
        select coalesce(
          (select kind from devices where login = session_user and revoked_at is null),
          case when pg_has_role(session_user,
                 (select tableowner from pg_tables
                   where schemaname = 'public' and tablename = 'devices'), 'member')
               then 'owner' else 'none' end)
      $$`);
    await db.query(`
      create function usher_desktop_name() returns text
        language sql stable security definer set search_path = public, pg_temp as $$
        select name from devices where login = session_user and revoked_at is null
      $$`);
    // Admin desktops sign in everyone, organizer desktops organizers and door staff, door
    // desktops door staff only.
    await db.query(`
      create function usher_desktop_covers(staff_role text) returns boolean
        language sql stable security definer set search_path = public, pg_temp as $$
        select case usher_desktop_kind()
          when 'owner' then true
          when 'admin' then true
          when 'organizer' then staff_role in ('organizer', 'door')
          when 'door' then staff_role = 'door'
          else false end
      $$`);

    await db.query(`
      create function usher_password_hash(user_id uuid) returns text
        language sql stable security definer set search_path = public, pg_temp as $$
        select password_hash from users
         where id = user_id and usher_desktop_covers(role)
      $$`);

    await db.query(`
      create function usher_session_create(token_hash bytea, user_id uuid, remember boolean,
                                           expires_at timestamptz) returns void
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        begin
          if not exists (select 1 from users u where u.id = user_id and not u.disabled
                           and usher_desktop_covers(u.role)) then
            raise exception 'this desktop cannot sign in that account' using errcode = '42501';
          end if;
          insert into sessions (token_hash, user_id, remember, expires_at)
          values (token_hash, user_id, remember, expires_at);
        end $$`);
    await db.query(`
      create function usher_session_user(token_hash bytea) returns uuid
        language sql stable security definer set search_path = public, pg_temp as $$
        select s.user_id from sessions s join users u on u.id = s.user_id
         where s.token_hash = usher_session_user.token_hash and s.expires_at > now()
           and not u.disabled and usher_desktop_covers(u.role)
      $$`);
    await db.query(`
      create function usher_session_delete(token_hash bytea) returns void
        language sql volatile security definer set search_path = public, pg_temp as $$
        delete from sessions s where s.token_hash = usher_session_delete.token_hash
      $$`);

    // A session's scan key (migration 1764120000000), kept with it: for the same accounts the
    // desktop may sign in. Read back only through usher_scan_keys, by the keys' ids.
    await db.query(`
      create function usher_scan_key_create(key_id text, user_id uuid, scan_key bytea,
                                            expires_at timestamptz) returns void
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        begin
          if not exists (select 1 from users u where u.id = user_id and not u.disabled
                           and usher_desktop_covers(u.role)) then
            raise exception 'this desktop cannot sign in that account' using errcode = '42501';
          end if;
          insert into staff_scan_keys (key_id, user_id, scan_key, expires_at)
          values (key_id, user_id, scan_key, expires_at);
        end $$`);
    // The live keys of enabled staff allowed at the door, by id: what a check-in upload needs to
    // verify the signatures it carries (a desktop never lists the table).
    await db.query(`
      create function usher_scan_keys(key_ids text[]) returns table (
        key_id text, user_id uuid, scan_key bytea)
        language sql stable security definer set search_path = public, pg_temp as $$
        select k.key_id, k.user_id, k.scan_key
          from staff_scan_keys k join users u on u.id = k.user_id
         where k.key_id = any(key_ids) and k.expires_at > now() and not u.disabled
           and u.role in ('door', 'organizer', 'admin')
      $$`);
    // Ends someone's sessions and their scan keys but the one given (a new password keeps the
    // session that set it): an admin's desktop for anyone, any desktop for the signed-in person
    // whose kept session proves who they are.
    await db.query(`
      create function usher_user_sessions_delete(target uuid, kept_token_hash bytea,
                                                 kept_key_id text) returns void
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        begin
          if usher_desktop_kind() not in ('owner', 'admin')
             and usher_session_user(kept_token_hash) is distinct from target then
            raise exception 'this desktop cannot end that account''s sessions'
              using errcode = '42501';
          end if;
          delete from sessions s where s.user_id = target
             and s.token_hash is distinct from kept_token_hash;
          delete from staff_scan_keys k where k.user_id = target
             and k.key_id is distinct from kept_key_id;
        end $$`);

    // A signed-in person changing their own password: the session proves who they are.
    await db.query(`
      create function usher_set_own_password_hash(token_hash bytea, new_hash text)
        returns boolean
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        begin
          update users set password_hash = new_hash, updated_at = now()
           where id = usher_session_user(token_hash);
          return found;
        end $$`);

    // A door desktop writes the check-in counter (check-ins are applied in its own transaction),
    // but it always ends up true: at commit the counter is set from the check-ins themselves, so a
    // stolen door login cannot fake it (and a drifted counter heals rather than blocking the door).
    await db.query(`
      create function usher_door_counter_check() returns trigger
        language plpgsql security definer set search_path = public, pg_temp as $$
        declare
          standing integer;
        begin
          if usher_desktop_kind() <> 'door' then return null; end if;
          select count(distinct c.registration_id) into standing from check_ins c
           where c.event_id = new.id and c.reverted_at is null;
          update events set checked_in_count = standing
           where id = new.id and checked_in_count <> standing;
          return null;
        end $$`);
    await db.query(`
      create constraint trigger events_door_counter_check
        after update of checked_in_count on events
        deferrable initially deferred
        for each row execute function usher_door_counter_check()`);

    // Called by a desktop while it runs, so an admin sees when each desktop was last seen.
    await db.query(`
      create function usher_device_seen() returns void
        language sql volatile security definer set search_path = public, pg_temp as $$
        update devices set last_seen_at = now()
         where login = session_user and revoked_at is null
      $$`);

    // Joining with an enrollment code, once and before it expires: the code's password is
    // replaced by one only this desktop knows (sent as its SCRAM verifier, never in plain; and the
    // login made valid for good), and the Redis
    // password is handed over and erased. Needs the owner to hold CREATEROLE.
    await db.query(`
      create function usher_device_join(new_password_verifier text) returns table (
        id uuid, name text, kind text, redis_password text)
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        declare
          device devices;
        begin
          select * into device from devices d where d.login = session_user for update;
          if device.id is null or device.revoked_at is not null then
            raise exception 'this login is not an enrolled desktop' using errcode = '42501';
          end if;
          if device.joined_at is not null then
            raise exception 'this enrollment code was already used' using errcode = '42501';
          end if;
          if device.code_expires_at <= now() then
            raise exception 'this enrollment code has expired' using errcode = '42501';
          end if;
          execute format('alter role %I password %L valid until %L',
                         device.login, new_password_verifier, 'infinity');
          update devices d set joined_at = now(), last_seen_at = now(),
                 pending_redis_password = null
           where d.id = device.id;
          return query select device.id, device.name, device.kind, device.pending_redis_password;
        end $$`);

    // Enrolling and revoking, for the owner (`usher devices`) and admin desktops alike. A device's
    // login is named after the database, so the team's roles never collide with another
    // database's on a shared server. Needs the owner to hold CREATEROLE, and to end a revoked
    // desktop's connections, superuser or pg_signal_backend.
    await db.query(`
      create function usher_device_enroll(device_name text, device_kind text,
                                          code_password_verifier text, redis_password text,
                                          code_expires_at timestamptz)
        returns table (id uuid, login text)
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        declare
          group_role text := current_database() || '_' || device_kind;
          new_login text := current_database() || '_dev_' || substr(md5(gen_random_uuid()::text), 1, 10);
          new_id uuid;
        begin
          if usher_desktop_kind() not in ('owner', 'admin') then
            raise exception 'only an admin may enroll a desktop' using errcode = '42501';
          end if;
          if not exists (select 1 from pg_roles where rolname = group_role) then
            raise exception 'this database is not set up for team mode: run usher team init'
              using errcode = '55000';
          end if;
          execute format('create role %I login password %L valid until %L in role %I',
                         new_login, code_password_verifier, code_expires_at, group_role);
          insert into devices (name, kind, login, code_expires_at, pending_redis_password)
          values (device_name, device_kind, new_login, code_expires_at, redis_password)
          returning devices.id into new_id;
          return query select new_id, new_login;
        end $$`);
    await db.query(`
      create function usher_device_revoke(device_id uuid) returns text
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        declare
          device devices;
        begin
          if usher_desktop_kind() not in ('owner', 'admin') then
            raise exception 'only an admin may revoke a desktop' using errcode = '42501';
          end if;
          update devices d set revoked_at = coalesce(d.revoked_at, now()),
                 pending_redis_password = null
           where d.id = device_id returning * into device;
          if device.id is null then return null; end if;
          if exists (select 1 from pg_roles where rolname = device.login) then
            execute format('alter role %I nologin', device.login);
            perform pg_terminate_backend(a.pid) from pg_stat_activity a
              where a.usename = device.login and a.pid <> pg_backend_pid();
            execute format('drop role %I', device.login);
          end if;
          return device.login;
        end $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('drop trigger if exists events_door_counter_check on events');
    for (const fn of [
      'usher_door_counter_check()',
      'usher_device_revoke(uuid)',
      'usher_device_enroll(text, text, text, text, timestamptz)',
      'usher_device_join(text)',
      'usher_device_seen()',
      'usher_user_sessions_delete(uuid, bytea, text)',
      'usher_scan_keys(text[])',
      'usher_scan_key_create(text, uuid, bytea, timestamptz)',
      'usher_set_own_password_hash(bytea, text)',
      'usher_session_delete(bytea)',
      'usher_session_user(bytea)',
      'usher_session_create(bytea, uuid, boolean, timestamptz)',
      'usher_password_hash(uuid)',
      'usher_desktop_covers(text)',
      'usher_desktop_name()',
      'usher_desktop_kind()',
    ]) {
      await db.query(`drop function if exists ${fn}`);
    }
    await db.query('drop table if exists devices');
  }
}
