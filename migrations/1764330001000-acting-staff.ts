import type { MigrationInterface, QueryRunner } from 'typeorm';

// Which staff member acts on a desktop's connection, as far as PostgreSQL can know it: the holder
// of a live session whose token's hash the desktop names. The app names the caller's session on
// each connection it uses (electron/core/db/acting-session.ts); row-level security of organizer
// desktops (team-init.ts) then shows only the attendees, check-ins and mail of the events that
// person manages. The setting is an ordinary one a desktop could set by hand, so it holds the
// session's hash, never a user id: every read checks the session again, and naming someone else
// needs a live session of theirs.
const functions = ['usher_act_as(bytea)', 'usher_actor()', 'usher_actor_event_ids()'];

export class ActingStaff1764330001000 implements MigrationInterface {
  name = 'ActingStaff1764330001000';

  async up(db: QueryRunner): Promise<void> {
    // Names the session acting on this connection until named again (null: nobody); returns its
    // holder, null when the session is not live.
    await db.query(`
      create function usher_act_as(token_hash bytea) returns uuid
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        begin
          perform set_config('usher.session', coalesce(encode(token_hash, 'hex'), ''), false);
          return usher_session_user(token_hash);
        end $$`);

    // The acting staff member (id and role), when the named session is live and its holder one
    // this desktop may sign in.
    await db.query(`
      create function usher_actor(out id uuid, out role text)
        language sql stable security definer set search_path = public, pg_temp as $$
        select u.id, u.role from users u
         where u.id = usher_session_user(
                 decode(nullif(current_setting('usher.session', true), ''), 'hex'))
      $$`);

    // The events whose attendees the acting staff member sees (shared/access.ts seesAttendees):
    // an organizer's own, the published ones for door staff, every one for an admin.
    await db.query(`
      create function usher_actor_event_ids() returns setof uuid
        language sql stable security definer set search_path = public, pg_temp as $$
        select e.id from events e, usher_actor() a
         where case a.role
                 when 'organizer' then e.created_by = a.id
                 when 'door' then e.status = 'published'
                 when 'admin' then true
                 else false end
      $$`);

    // An organizer desktop may change the events its acting staff member created (team-init.ts
    // checks the changed row's creator), so it must not hand one over by rewriting the creator.
    await db.query(`
      create function usher_keep_event_creator() returns trigger
        language plpgsql security definer set search_path = public, pg_temp as $$
        begin
          if usher_desktop_kind() = 'organizer' then
            raise exception 'an organizer desktop cannot change who created an event'
              using errcode = '42501';
          end if;
          return new;
        end $$`);
    await db.query(`
      create trigger events_keep_creator before update of created_by on events
        for each row when (new.created_by is distinct from old.created_by)
        execute function usher_keep_event_creator()`);

    for (const fn of functions) await db.query(`revoke all on function ${fn} from public`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('drop trigger if exists events_keep_creator on events');
    await db.query('drop function if exists usher_keep_event_creator()');
    for (const fn of [...functions].reverse()) await db.query(`drop function if exists ${fn}`);
  }
}
