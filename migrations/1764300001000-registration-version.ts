import type { MigrationInterface, QueryRunner } from 'typeorm';

// Optimistic concurrency for editing and transferring a registration: every update of the row
// bumps its version, whoever writes it (a cancel, a promotion, an edit), so an edit based on what
// someone saw before any of those is refused rather than silently undoing it.
export class RegistrationVersion1764300001000 implements MigrationInterface {
  name = 'RegistrationVersion1764300001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('alter table event_registrations add column version integer not null default 1');
    await db.query(`
      create function bump_registration_version() returns trigger language plpgsql as $$
      begin
        new.version := old.version + 1;
        return new;
      end $$`);
    await db.query(`
      create trigger event_registrations_version before update on event_registrations
        for each row execute function bump_registration_version()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('drop trigger if exists event_registrations_version on event_registrations');
    await db.query('drop function if exists bump_registration_version()');
    await db.query('alter table event_registrations drop column if exists version');
  }
}
