import type { MigrationInterface, QueryRunner } from 'typeorm';

// Ticket types: every event sells one or more types (VIP, standard, day 1…), each with an optional
// capacity of its own inside the event's. Every registration holds exactly one type. The event
// lock still decides everything: type rows are only written by a holder of their event's lock.
export class TicketTypes1764300000000 implements MigrationInterface {
  name = 'TicketTypes1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table ticket_types (
        id uuid primary key default gen_random_uuid(),
        event_id uuid not null references events (id) on delete cascade,
        name text not null check (length(name) between 1 and 100),
        -- null: only the event's capacity limits this type.
        capacity integer check (capacity > 0),
        -- The order the organizer chose; the first type is the one a registration without a
        -- type gets.
        position integer not null,
        registered_count integer not null default 0 check (registered_count >= 0),
        waitlisted_count integer not null default 0 check (waitlisted_count >= 0),
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await db.query(
      'create unique index ticket_types_event_name_key on ticket_types (event_id, lower(name))',
    );
    await db.query(
      'create index ticket_types_event_position_idx on ticket_types (event_id, position)',
    );

    // Every event has at least one type from its first moment, whoever inserts it (the app, `usher
    // seed`, a test's SQL); copying an event reshapes this first type rather than adding one.
    await db.query(`
      create function add_default_ticket_type() returns trigger language plpgsql as $$
      begin
        insert into ticket_types (event_id, name, position) values (new.id, 'General admission', 0);
        return null;
      end $$`);
    await db.query(`
      create trigger events_default_ticket_type after insert on events
        for each row execute function add_default_ticket_type()`);
    await db.query(
      `insert into ticket_types (event_id, name, position, registered_count, waitlisted_count,
                                 created_at)
       select id, 'General admission', 0, registered_count, waitlisted_count, created_at
         from events`,
    );

    await db.query('alter table event_registrations add column ticket_type_id uuid');
    await db.query(`
      update event_registrations r set ticket_type_id = t.id
        from ticket_types t where t.event_id = r.event_id`);
    await db.query(`
      alter table event_registrations
        alter column ticket_type_id set not null,
        add constraint event_registrations_ticket_type_fkey
          foreign key (ticket_type_id) references ticket_types (id)`);
    // Each type's waitlist is served in arrival order; counts per type by status.
    await db.query(
      'create index event_registrations_type_status_idx on event_registrations (ticket_type_id, status, seq)',
    );

    // A transfer retires the old registration as 'transferred' (its code then says so at the door)
    // and gives the seat to a new one; the old row points at the new.
    await db.query(
      'alter table event_registrations drop constraint event_registrations_status_check',
    );
    await db.query(`
      alter table event_registrations add constraint event_registrations_status_check
        check (status in ('registered', 'waitlisted', 'cancelled', 'transferred'))`);
    await db.query(
      'alter table event_registrations add column transferred_to uuid references event_registrations (id)',
    );
    // A door that had not yet heard of a transfer may still admit the old code: the server keeps
    // that check-in, flagged like one of a cancelled ticket.
    await db.query('alter table check_ins drop constraint check_ins_forced_reason_check');
    await db.query(`
      alter table check_ins add constraint check_ins_forced_reason_check
        check (forced_reason in ('cancelled', 'waitlisted', 'transferred', 'already_checked_in'))`);
    // Only a registered or waitlisted person holds the email: a transferred one gives it up too.
    await db.query('drop index event_registrations_active_email_key');
    await db.query(`
      create unique index event_registrations_active_email_key
        on event_registrations (event_id, lower(attendee_email))
        where status in ('registered', 'waitlisted')`);

    // A writer that names no type (older code paths, imports without a type column) gets the
    // event's first type. Skipped, at no cost, when the type is given.
    await db.query(`
      create function fill_default_ticket_type() returns trigger language plpgsql as $$
      begin
        select t.id into new.ticket_type_id from ticket_types t
         where t.event_id = new.event_id order by t.position limit 1;
        return new;
      end $$`);
    await db.query(`
      create trigger event_registrations_default_ticket_type
        before insert on event_registrations
        for each row when (new.ticket_type_id is null)
        execute function fill_default_ticket_type()`);

    // The per-type counters follow the registrations they count, per statement (one update per
    // type touched, however many rows), so every writer keeps them true without knowing them.
    await db.query(`
      create function count_ticket_types() returns trigger language plpgsql as $$
      begin
        with delta as (
          select ticket_type_id as id, (status = 'registered')::int as r,
                 (status = 'waitlisted')::int as w from new_rows
          union all
          select ticket_type_id, -(status = 'registered')::int, -(status = 'waitlisted')::int
            from old_rows
        ), summed as (
          select id, sum(r)::int as r, sum(w)::int as w from delta group by id
          having sum(r) <> 0 or sum(w) <> 0
        )
        update ticket_types t set registered_count = t.registered_count + s.r,
                                  waitlisted_count = t.waitlisted_count + s.w
          from summed s where t.id = s.id;
        return null;
      end $$`);
    // PostgreSQL wants one trigger per event when transition tables are used; an empty old/new
    // set stands in on insert and delete.
    await db.query(`
      create function count_ticket_types_inserted() returns trigger language plpgsql as $$
      begin
        update ticket_types t set registered_count = t.registered_count + s.r,
                                  waitlisted_count = t.waitlisted_count + s.w
          from (select ticket_type_id as id, count(*) filter (where status = 'registered')::int as r,
                       count(*) filter (where status = 'waitlisted')::int as w
                  from new_rows group by ticket_type_id) s
         where t.id = s.id and (s.r <> 0 or s.w <> 0);
        return null;
      end $$`);
    await db.query(`
      create function count_ticket_types_deleted() returns trigger language plpgsql as $$
      begin
        update ticket_types t set registered_count = t.registered_count - s.r,
                                  waitlisted_count = t.waitlisted_count - s.w
          from (select ticket_type_id as id, count(*) filter (where status = 'registered')::int as r,
                       count(*) filter (where status = 'waitlisted')::int as w
                  from old_rows group by ticket_type_id) s
         where t.id = s.id and (s.r <> 0 or s.w <> 0);
        return null;
      end $$`);
    await db.query(`
      create trigger event_registrations_count_inserted after insert on event_registrations
        referencing new table as new_rows
        for each statement execute function count_ticket_types_inserted()`);
    await db.query(`
      create trigger event_registrations_count_updated after update on event_registrations
        referencing old table as old_rows new table as new_rows
        for each statement execute function count_ticket_types()`);
    await db.query(`
      create trigger event_registrations_count_deleted after delete on event_registrations
        referencing old table as old_rows
        for each statement execute function count_ticket_types_deleted()`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const trigger of [
      'event_registrations_count_deleted',
      'event_registrations_count_updated',
      'event_registrations_count_inserted',
      'event_registrations_default_ticket_type',
    ]) {
      await db.query(`drop trigger if exists ${trigger} on event_registrations`);
    }
    await db.query('drop trigger if exists events_default_ticket_type on events');
    await db.query("delete from check_ins where forced_reason = 'transferred'");
    await db.query('alter table check_ins drop constraint check_ins_forced_reason_check');
    await db.query(`
      alter table check_ins add constraint check_ins_forced_reason_check
        check (forced_reason in ('cancelled', 'waitlisted', 'already_checked_in'))`);
    await db.query("delete from event_registrations where status = 'transferred'");
    await db.query('alter table event_registrations drop column if exists transferred_to');
    await db.query('drop index if exists event_registrations_active_email_key');
    await db.query(`
      create unique index event_registrations_active_email_key
        on event_registrations (event_id, lower(attendee_email)) where status <> 'cancelled'`);
    await db.query(
      'alter table event_registrations drop constraint event_registrations_status_check',
    );
    await db.query(`
      alter table event_registrations add constraint event_registrations_status_check
        check (status in ('registered', 'waitlisted', 'cancelled'))`);
    await db.query('alter table event_registrations drop column if exists ticket_type_id');
    for (const fn of [
      'count_ticket_types_deleted()',
      'count_ticket_types_inserted()',
      'count_ticket_types()',
      'fill_default_ticket_type()',
      'add_default_ticket_type()',
    ]) {
      await db.query(`drop function if exists ${fn}`);
    }
    await db.query('drop table if exists ticket_types');
  }
}
