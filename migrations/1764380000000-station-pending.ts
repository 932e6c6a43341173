import type { MigrationInterface, QueryRunner } from 'typeorm';

// Occupancy as a range (issue 16): what each door station holds but has not uploaded, per point,
// as it last reported it (docs/door-day.md). One row per station, event and point with anything
// pending; a station that reports nothing pending has no rows. `login` is the PostgreSQL login
// that reported: an enrolled desktop changes only its own rows (row-level security, team-init.ts).
export class StationPending1764380000000 implements MigrationInterface {
  name = 'StationPending1764380000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table station_pending (
        event_id uuid not null references events (id) on delete cascade,
        device_id text not null,
        point_id uuid not null references checkin_points (id) on delete cascade,
        entries integer not null check (entries >= 0),
        exits integer not null check (exits >= 0),
        login name not null default current_user,
        reported_at timestamptz not null default now(),
        primary key (event_id, device_id, point_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('drop table station_pending');
  }
}
