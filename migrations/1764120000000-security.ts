import type { MigrationInterface, QueryRunner } from 'typeorm';

// Security: door staff's scan keys (a check-in is credited only to staff whose key signed it),
// sign-in throttling shared by every desktop, and this database's own id, which names its Redis
// keys so two databases sharing one Redis never see each other's data.
export class Security1764120000000 implements MigrationInterface {
  name = 'Security1764120000000';

  async up(db: QueryRunner): Promise<void> {
    // One key per session, derived from its token (which only the session's holder knows). It
    // outlives a sign-out on purpose: scans made offline are synced later, often by the next
    // person at the desk. Ending all of someone's sessions (disable, new password) removes them.
    await db.query(`
      create table staff_scan_keys (
        key_id text primary key,
        user_id uuid not null references users (id) on delete cascade,
        scan_key bytea not null,
        expires_at timestamptz not null
      )`);
    await db.query('create index staff_scan_keys_user_idx on staff_scan_keys (user_id)');

    // Failed sign-ins per account (lower-cased email, known or not).
    await db.query(`
      create table sign_in_failures (
        email text primary key,
        failures integer not null,
        last_failed_at timestamptz not null,
        locked_until timestamptz
      )`);

    await db.query(`
      create table usher_instance (
        singleton boolean primary key default true check (singleton),
        id uuid not null default gen_random_uuid()
      )`);
    await db.query('insert into usher_instance default values');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['usher_instance', 'sign_in_failures', 'staff_scan_keys']) {
      await db.query(`drop table if exists ${table}`);
    }
  }
}
