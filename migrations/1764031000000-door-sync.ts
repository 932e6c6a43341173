import type { MigrationInterface, QueryRunner } from 'typeorm';

// Door sync: a commit-safe change cursor on registrations and check-ins, and the order in which
// the server applied check-ins (the first non-reverted one is the one that counts).
export class DoorSync1764031000000 implements MigrationInterface {
  name = 'DoorSync1764031000000';

  async up(db: QueryRunner): Promise<void> {
    // The id of the transaction that last wrote the row. Set by a trigger so that every writer
    // bumps it without knowing about door sync. Existing rows get 0, which every device's first
    // download includes.
    await db.query(
      `alter table event_registrations add column change_xid xid8 not null default '0'`,
    );
    await db.query(`alter table check_ins add column change_xid xid8 not null default '0'`);
    await db.query(`
      create function stamp_change_xid() returns trigger language plpgsql as $$
      begin
        new.change_xid := pg_current_xact_id();
        return new;
      end $$`);
    await db.query(`
      create trigger event_registrations_change_xid
        before insert or update on event_registrations
        for each row execute function stamp_change_xid()`);
    await db.query(`
      create trigger check_ins_change_xid
        before insert or update on check_ins
        for each row execute function stamp_change_xid()`);
    await db.query(
      'create index event_registrations_event_change_idx on event_registrations (event_id, change_xid, id)',
    );
    await db.query(
      'create index check_ins_event_change_idx on check_ins (event_id, change_xid, registration_id)',
    );

    // Arrival order; received_at alone cannot order check-ins applied in one transaction.
    await db.query('alter table check_ins add column seq bigserial not null');
    await db.query(`
      alter table check_ins add column forced_reason text
        check (forced_reason in ('cancelled', 'waitlisted', 'already_checked_in'))`);
    await db.query(
      'alter table check_ins add constraint check_ins_forced_has_reason check (forced = (forced_reason is not null))',
    );
    await db.query('create index check_ins_event_seq_idx on check_ins (event_id, seq)');
    await db.query(
      'create index check_ins_active_idx on check_ins (registration_id, seq) where reverted_at is null',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('drop index if exists check_ins_active_idx');
    await db.query('drop index if exists check_ins_event_seq_idx');
    await db.query('alter table check_ins drop column if exists forced_reason');
    await db.query('alter table check_ins drop column if exists seq');
    await db.query('drop index if exists check_ins_event_change_idx');
    await db.query('drop trigger if exists check_ins_change_xid on check_ins');
    await db.query('alter table check_ins drop column if exists change_xid');
    await db.query('drop trigger if exists event_registrations_change_xid on event_registrations');
    await db.query('drop function if exists stamp_change_xid()');
    await db.query('drop index if exists event_registrations_event_change_idx');
    await db.query('alter table event_registrations drop column if exists change_xid');
  }
}
