import type { MigrationInterface, QueryRunner } from 'typeorm';

// The first schema: staff accounts and sessions, events, registrations, door check-ins and the
// audit log. Never edit a landed migration: add a new one.
export class InitialSchema1764020000000 implements MigrationInterface {
  name = 'InitialSchema1764020000000';

  async up(db: QueryRunner): Promise<void> {
    // pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    await db.query('create extension if not exists pg_trgm');

    await db.query(`
      create table users (
        id uuid primary key default gen_random_uuid(),
        email text not null check (length(email) between 3 and 254),
        password_hash text not null,
        full_name text not null check (length(full_name) between 1 and 200),
        role text not null check (role in ('admin', 'organizer', 'door')),
        disabled boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await db.query('create unique index users_email_key on users (lower(email))');

    await db.query(`
      create table sessions (
        token_hash bytea primary key,
        user_id uuid not null references users (id) on delete cascade,
        remember boolean not null default false,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null
      )`);
    await db.query('create index sessions_user_idx on sessions (user_id)');

    await db.query(`
      create table events (
        id uuid primary key default gen_random_uuid(),
        title text not null check (length(title) between 1 and 200),
        description text not null default '',
        location text not null default '',
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        time_zone text not null,
        category text not null default '',
        max_attendees integer check (max_attendees > 0),
        status text not null default 'draft' check (status in ('draft', 'published', 'cancelled')),
        created_by uuid references users (id),
        registered_count integer not null default 0 check (registered_count >= 0),
        waitlisted_count integer not null default 0 check (waitlisted_count >= 0),
        checked_in_count integer not null default 0 check (checked_in_count >= 0),
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (ends_at > starts_at)
      )`);
    await db.query('create index events_starts_at_idx on events (starts_at, id)');
    await db.query('create index events_status_starts_at_idx on events (status, starts_at, id)');
    await db.query(
      'create index events_category_starts_at_idx on events (category, starts_at, id)',
    );
    await db.query(
      `create index events_search_idx on events
         using gin ((title || ' ' || location || ' ' || description) gin_trgm_ops)`,
    );

    await db.query(`
      create table event_registrations (
        id uuid primary key default gen_random_uuid(),
        event_id uuid not null references events (id) on delete cascade,
        attendee_name text not null check (length(attendee_name) between 1 and 200),
        attendee_email text not null check (length(attendee_email) between 3 and 254),
        ticket_code text not null unique,
        status text not null check (status in ('registered', 'waitlisted', 'cancelled')),
        -- Arrival order; the waitlist is served by it.
        seq bigserial not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        cancelled_at timestamptz
      )`);
    await db.query(
      `create unique index event_registrations_active_email_key
         on event_registrations (event_id, lower(attendee_email)) where status <> 'cancelled'`,
    );
    await db.query(
      'create index event_registrations_event_status_idx on event_registrations (event_id, status, seq)',
    );
    await db.query(
      'create index event_registrations_event_updated_idx on event_registrations (event_id, updated_at)',
    );
    await db.query(
      `create index event_registrations_search_idx on event_registrations
         using gin ((attendee_name || ' ' || attendee_email) gin_trgm_ops)`,
    );

    await db.query(`
      create table check_ins (
        id uuid primary key default gen_random_uuid(),
        registration_id uuid not null references event_registrations (id) on delete cascade,
        event_id uuid not null references events (id) on delete cascade,
        scanned_at timestamptz not null,
        received_at timestamptz not null default now(),
        device_id text not null,
        staff_user_id uuid references users (id),
        nonce uuid not null unique,
        forced boolean not null default false,
        reverted_at timestamptz,
        revert_nonce uuid unique
      )`);
    await db.query('create index check_ins_registration_idx on check_ins (registration_id)');
    await db.query(
      'create index check_ins_event_received_idx on check_ins (event_id, received_at)',
    );

    await db.query(`
      create table audit_log (
        id bigserial primary key,
        at timestamptz not null default now(),
        actor_id uuid references users (id),
        action text not null,
        entity text not null,
        entity_id text,
        before jsonb,
        after jsonb
      )`);
    await db.query('create index audit_log_at_idx on audit_log (at desc)');
    await db.query('create index audit_log_entity_idx on audit_log (entity, entity_id, at desc)');
    await db.query('create index audit_log_actor_idx on audit_log (actor_id, at desc)');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'check_ins',
      'event_registrations',
      'events',
      'sessions',
      'users',
    ]) {
      await db.query(`drop table if exists ${table}`);
    }
  }
}
