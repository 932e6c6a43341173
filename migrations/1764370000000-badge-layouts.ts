import type { MigrationInterface, QueryRunner } from 'typeorm';

// Badges (issue 16): what an event's name badges show besides the name and the QR. One row per
// event at most; an event without one prints the default (ticket type shown, no second line).
export class BadgeLayouts1764370000000 implements MigrationInterface {
  name = 'BadgeLayouts1764370000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table badge_layouts (
        event_id uuid primary key references events (id) on delete cascade,
        -- The question whose answer prints under the name (a company, a role); its deletion
        -- leaves the badge without that line.
        subtitle_question_id uuid references event_questions (id) on delete set null,
        show_ticket_type boolean not null default true,
        version integer not null default 1,
        updated_at timestamptz not null default now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('drop table badge_layouts');
  }
}
