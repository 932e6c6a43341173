import type { MigrationInterface, QueryRunner } from 'typeorm';

// Walk-ins at the door and badges on admission (issue 16, docs/door-day.md).
// - event_registrations.walk_in marks a registration made at the door: 'admitted' within the
//   event's and its type's capacity, 'over_capacity' beyond it (a supervisor's "admit anyway", or
//   an offline walk-in the server found no seat for), 'duplicate_email' when an offline walk-in
//   named an email someone else registered meanwhile. Both flags are kept, like a forced
//   check-in: the person is inside already. A duplicate does not hold the email (the index below).
// - usher_door_walk_in: the one way a desktop writes a walk-in. A door desktop's login writes no
//   registrations, so the function checks for itself who uploads it (a supervisor, never a
//   steward), that the event is open to them, and decides the flag from the counters it locks.
// - checkin_points.prints_badge: a station at that point prints a badge as someone is admitted.
const walkInFunction =
  'usher_door_walk_in(bytea, uuid, uuid, text, text, text, uuid, jsonb, boolean)';

export class WalkIns1764390000000 implements MigrationInterface {
  name = 'WalkIns1764390000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      alter table event_registrations add column walk_in text
        check (walk_in in ('admitted', 'over_capacity', 'duplicate_email'))`);
    await db.query('drop index event_registrations_active_email_key');
    await db.query(`
      create unique index event_registrations_active_email_key
        on event_registrations (event_id, lower(attendee_email))
        where status in ('registered', 'waitlisted')
          and walk_in is distinct from 'duplicate_email'`);
    await db.query(
      'alter table checkin_points add column prints_badge boolean not null default false',
    );

    // Returns false when this walk-in (its id, chosen by the device) is already stored: a re-sent
    // upload changes nothing. The caller holds the event lock (usher_lock_events).
    await db.query(`
      create function usher_door_walk_in(
        uploader_token_hash bytea, walk_in_id uuid, the_event_id uuid, the_code text,
        the_name text, the_email text, the_type_id uuid, the_answers jsonb,
        confirmation_by_default boolean) returns boolean
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        declare
          uploader users := usher_uploader(uploader_token_hash);
          the_event events;
          the_type ticket_types;
          flag text;
          new_id uuid;
        begin
          select * into the_event from events e where e.id = the_event_id;
          select * into the_type from ticket_types t
           where t.id = the_type_id and t.event_id = the_event_id;
          if uploader.role not in ('door', 'organizer', 'admin')
             or not usher_checks_in_at(uploader, the_event) or the_type.id is null
             or the_code !~ '^[0-9A-HJKMNP-TV-Z]{26}$' then
            raise exception 'walk-in refused: only a door supervisor registers walk-ins, at an event open to them, with one of its ticket types'
              using errcode = '42501';
          end if;
          if exists (select 1 from event_registrations r where r.id = walk_in_id) then
            if exists (select 1 from event_registrations r
                        where r.id = walk_in_id and r.event_id = the_event_id
                          and r.walk_in is not null) then
              return false;
            end if;
            raise exception 'walk-in refused: that id is another registration''s'
              using errcode = '42501';
          end if;
          flag := case
            when exists (select 1 from event_registrations r
                          where r.event_id = the_event_id and lower(r.attendee_email) = lower(the_email)
                            and r.status in ('registered', 'waitlisted')
                            and r.walk_in is distinct from 'duplicate_email')
              then 'duplicate_email'
            -- The seat rule of registering (electron/core/registrations/seats.ts): room in the
            -- event and in the type, and nobody of the type waiting first.
            when (the_event.max_attendees is not null
                  and the_event.registered_count >= the_event.max_attendees)
                 or (the_type.capacity is not null
                     and the_type.registered_count >= the_type.capacity)
                 or the_type.waitlisted_count > 0
              then 'over_capacity'
            else 'admitted' end;
          insert into event_registrations
            (id, event_id, attendee_name, attendee_email, ticket_code, status, ticket_type_id,
             walk_in)
          values (walk_in_id, the_event_id, the_name, the_email, the_code, 'registered', the_type_id,
                  flag)
          returning id into new_id;
          update events set registered_count = registered_count + 1 where id = the_event_id;
          insert into registration_answers (registration_id, question_id, event_id, value)
          select new_id, q.id, the_event_id, a.value
            from jsonb_each(the_answers) a
            join event_questions q on q.id::text = a.key and q.event_id = the_event_id;
          -- A ticket by mail, if the event sends confirmations (electron/core/mail/queue.ts).
          insert into mail_outbox (event_id, registration_id, kind, to_address, to_name)
          select the_event_id, new_id, 'confirmation', the_email, the_name
           where coalesce((select t.auto from mail_templates t
                            where t.event_id = the_event_id and t.kind = 'confirmation'),
                          confirmation_by_default);
          return true;
        end $$`);
    // A new function may be called by PUBLIC until revoked; team-init.ts grants it to desktops.
    await db.query(`revoke all on function ${walkInFunction} from public`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop function ${walkInFunction}`);
    await db.query('alter table checkin_points drop column prints_badge');
    await db.query('drop index event_registrations_active_email_key');
    await db.query(`
      create unique index event_registrations_active_email_key
        on event_registrations (event_id, lower(attendee_email))
        where status in ('registered', 'waitlisted')`);
    await db.query('alter table event_registrations drop column walk_in');
  }
}
