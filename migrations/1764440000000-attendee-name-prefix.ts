import type { MigrationInterface, QueryRunner } from 'typeorm';

// A search lists the names that start with it first (registrations/name-prefix.ts): they are one
// range of this index, in byte order of the lowered name whatever the database's collation. The
// name itself is included so the range is read, counted and skipped through without the table.
export class AttendeeNamePrefix1764440000000 implements MigrationInterface {
  name = 'AttendeeNamePrefix1764440000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `create index event_registrations_event_name_prefix_idx on event_registrations
         (event_id, (lower(attendee_name) collate "C"), id) include (attendee_name)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('drop index if exists event_registrations_event_name_prefix_idx');
  }
}
