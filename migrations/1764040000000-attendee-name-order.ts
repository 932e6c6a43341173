import type { MigrationInterface, QueryRunner } from 'typeorm';

// The attendee table lists an event's registrations by name: an index in that order serves a
// page of a 100,000-attendee event without sorting them all.
export class AttendeeNameOrder1764040000000 implements MigrationInterface {
  name = 'AttendeeNameOrder1764040000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      'create index event_registrations_event_name_idx on event_registrations (event_id, attendee_name, id)',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('drop index if exists event_registrations_event_name_idx');
  }
}
