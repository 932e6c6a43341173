import type { MigrationInterface, QueryRunner } from 'typeorm';

// Messages to attendees: the SMTP account (its password lives in the keychain, never here), each
// event's templates, and the outbox every message goes through. Outbox rows are written in the
// transaction of the change that causes them and claimed by one worker at a time with a lease,
// so a crashed worker's message is sent again (with the same Message-ID) and never lost.
export class MailOutbox1764100000000 implements MigrationInterface {
  name = 'MailOutbox1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table mail_settings (
        id boolean primary key default true check (id),
        host text not null check (length(host) between 1 and 253),
        port integer not null check (port between 1 and 65535),
        tls text not null check (tls in ('none', 'starttls', 'tls')),
        username text not null default '',
        from_name text not null,
        from_address text not null,
        per_minute integer not null check (per_minute between 1 and 100000),
        updated_at timestamptz not null default now()
      )`);

    await db.query(`
      create table mail_templates (
        event_id uuid not null references events (id) on delete cascade,
        kind text not null,
        subject text not null,
        body text not null,
        auto boolean not null,
        -- Reminders only: how long before the start they go out.
        remind_minutes integer check (remind_minutes between 5 and 43200),
        updated_at timestamptz not null default now(),
        primary key (event_id, kind)
      )`);

    await db.query(`
      create table mail_outbox (
        id uuid primary key default gen_random_uuid(),
        event_id uuid references events (id) on delete cascade,
        registration_id uuid references event_registrations (id) on delete cascade,
        kind text not null,
        to_address text not null,
        to_name text not null,
        -- A group message's own subject and body (or a test message's); null: the template's.
        custom jsonb,
        -- Makes scheduled messages (reminders) idempotent across workers.
        dedupe_key text unique,
        status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        lease_until timestamptz,
        claimed_by text,
        last_attempt_at timestamptz,
        last_error text,
        created_by uuid references users (id),
        created_at timestamptz not null default now(),
        sent_at timestamptz
      )`);
    await db.query(
      `create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where status = 'queued'`,
    );
    await db.query(
      `create index mail_outbox_lease_idx on mail_outbox (lease_until) where status = 'sending'`,
    );
    await db.query(
      'create index mail_outbox_registration_idx on mail_outbox (registration_id, created_at)',
    );
    await db.query(
      'create index mail_outbox_attempt_idx on mail_outbox (last_attempt_at) where last_attempt_at is not null',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('drop table if exists mail_outbox');
    await db.query('drop table if exists mail_templates');
    await db.query('drop table if exists mail_settings');
  }
}
