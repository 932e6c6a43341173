import type { MigrationInterface, QueryRunner } from 'typeorm';

// Check-in points (docs/door-day.md; pretix's check-in lists are the model): gates, days and
// sessions of an event, each admitting chosen ticket types (null: all) within an optional time
// window, with its own "first check-in counts" rule, optionally recording exits. Every event has
// one from its first moment, as it has a ticket type; existing events get theirs here.
export class CheckInPoints1764360001000 implements MigrationInterface {
  name = 'CheckInPoints1764360001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table checkin_points (
        id uuid primary key default gen_random_uuid(),
        event_id uuid not null references events (id) on delete cascade,
        name text not null check (length(name) between 1 and 100),
        position integer not null default 0,
        -- null: every ticket type of the event.
        ticket_type_ids uuid[],
        valid_from timestamptz,
        valid_until timestamptz,
        -- false: the first check-in counts and a second scan is "already checked in".
        allow_multiple_entries boolean not null default false,
        records_exits boolean not null default false,
        allow_reentry boolean not null default true,
        -- People inside at once before the door is warned; null: no warning.
        capacity integer check (capacity is null or capacity > 0),
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (valid_from is null or valid_until is null or valid_from < valid_until)
      )`);
    await db.query(
      'create unique index checkin_points_event_name_key on checkin_points (event_id, lower(name))',
    );
    await db.query(
      'create index checkin_points_event_position_idx on checkin_points (event_id, position)',
    );
    await db.query(`
      create function add_default_checkin_point() returns trigger language plpgsql as $$
      begin
        insert into checkin_points (event_id, name, position) values (new.id, 'Main entrance', 0);
        return null;
      end $$`);
    await db.query(`
      create trigger events_default_checkin_point after insert on events
        for each row execute function add_default_checkin_point()`);
    await db.query(
      `insert into checkin_points (event_id, name, position) select id, 'Main entrance', 0 from events`,
    );

    // Where and which way: null point is the event's first (check-ins made before points).
    await db.query(
      'alter table check_ins add column point_id uuid references checkin_points (id) on delete set null',
    );
    await db.query(`
      alter table check_ins add column direction text not null default 'in'
        check (direction in ('in', 'out'))`);
    await db.query(
      'create index check_ins_point_idx on check_ins (point_id, seq) where reverted_at is null',
    );
    // Accepted offline at a point that would have refused the ticket (its type, its hours).
    await db.query('alter table check_ins drop constraint check_ins_forced_reason_check');
    await db.query(`
      alter table check_ins add constraint check_ins_forced_reason_check
        check (forced_reason in ('cancelled', 'waitlisted', 'transferred', 'already_checked_in',
                                 'not_admitted_here'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query("delete from check_ins where forced_reason = 'not_admitted_here'");
    await db.query('alter table check_ins drop constraint check_ins_forced_reason_check');
    await db.query(`
      alter table check_ins add constraint check_ins_forced_reason_check
        check (forced_reason in ('cancelled', 'waitlisted', 'transferred', 'already_checked_in'))`);
    await db.query('drop index if exists check_ins_point_idx');
    await db.query('alter table check_ins drop column if exists direction');
    await db.query('alter table check_ins drop column if exists point_id');
    await db.query('drop trigger if exists events_default_checkin_point on events');
    await db.query('drop function if exists add_default_checkin_point()');
    await db.query('drop table if exists checkin_points');
  }
}
