import type { MigrationInterface, QueryRunner } from 'typeorm';

// Custom questions per event and their answers. Answers live in a table of their own, one row per
// (registration, question), so that team mode's door login can be given the door-visible ones
// only (row-level security over the question's flag) and never the private ones; a column of
// event_registrations could not be split that way.
export class Questions1764310000000 implements MigrationInterface {
  name = 'Questions1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table event_questions (
        id uuid primary key default gen_random_uuid(),
        event_id uuid not null references events (id) on delete cascade,
        -- Stable handle for imports (question:<key>) and scripts; the label may change.
        key text not null check (key ~ '^[a-z0-9][a-z0-9_-]{0,59}$'),
        label text not null check (length(label) between 1 and 200),
        kind text not null check (kind in
          ('text', 'longText', 'singleChoice', 'multipleChoice', 'yesNo', 'number', 'date')),
        required boolean not null default false,
        choices text[] not null default '{}',
        min double precision,
        max double precision,
        earliest date,
        latest date,
        -- null: asked of every ticket type.
        ticket_type_ids uuid[],
        position integer not null,
        door_visible boolean not null default false,
        -- A question with answers is archived instead of deleted: the answers stay readable.
        archived_at timestamptz,
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (event_id, key)
      )`);
    await db.query(
      'create index event_questions_event_idx on event_questions (event_id, position)',
    );

    await db.query(`
      create table registration_answers (
        registration_id uuid not null references event_registrations (id) on delete cascade,
        question_id uuid not null references event_questions (id) on delete cascade,
        event_id uuid not null references events (id) on delete cascade,
        value jsonb not null,
        primary key (registration_id, question_id)
      )`);
    // A question's answers: its filter ("everyone vegetarian"), its answer count, its export column.
    await db.query(
      'create index registration_answers_question_idx on registration_answers (question_id, registration_id)',
    );

    // Optimistic concurrency for answers.save; bumping it also stamps the registration's
    // change_xid, which is how door devices hear that its door-visible answers changed.
    await db.query(
      'alter table event_registrations add column answers_version integer not null default 0',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('alter table event_registrations drop column answers_version');
    await db.query('drop table registration_answers');
    await db.query('drop table event_questions');
  }
}
