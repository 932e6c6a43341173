import { afterAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { allMigrations } from '../../migrations';
import { occupancyOf } from '../../electron/core/checkin-points/occupancy';
import { DoorStaff1764360000000 } from '../../migrations/1764360000000-door-staff';
import { createTestDatabase } from '../support/postgres';

// A database from before the door day, with door staff and a check-in, upgraded: door staff keep
// working every event, every event gets one check-in point, and the old check-in counts there.

const database = await createTestDatabase('migration_door_day');
afterAll(() => database.drop());

const before = allMigrations.slice(0, allMigrations.indexOf(DoorStaff1764360000000));

describe('upgrading a database from before the door day', () => {
  it('keeps door staff on every event and gives every event a point holding its check-ins', async () => {
    const previous = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: before,
      migrationsTableName: 'migrations',
    });
    await previous.initialize();
    await previous.runMigrations();
    const [event] = await previous.query(
      `insert into events (title, starts_at, ends_at, time_zone, status)
       values ('Old Fair', now(), now() + interval '3 hours', 'Europe/Paris', 'published')
       returning id`,
    );
    const [registration] = await previous.query(
      `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       values ($1, 'Ann', 'ann@example.org', 'OLD1', 'registered') returning id`,
      [event.id],
    );
    await previous.query(
      `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
       values ($1, $2, now(), 'old-desk', gen_random_uuid())`,
      [registration.id, event.id],
    );
    await previous.query(
      `insert into users (email, full_name, role, password_hash)
       values ('gate@example.org', 'Gate Keeper', 'door', 'x')`,
    );
    await previous.destroy();

    const core = await createCore({ databaseUrl: database.url, log: silentLogger });
    try {
      expect(await core.db.many('select role, all_events as "allEvents" from users')).toEqual([
        { role: 'door', allEvents: true },
      ]);
      const points = await core.db.many<{ eventId: string; name: string }>(
        'select event_id as "eventId", name from checkin_points',
      );
      expect(points).toEqual([{ eventId: event.id, name: 'Main entrance' }]);
      const check = await core.db.one<{ direction: string; pointId: string | null }>(
        'select direction, point_id as "pointId" from check_ins',
      );
      // No point named: it counts at the event's first.
      expect(check).toEqual({ direction: 'in', pointId: null });
      const occupancy = await occupancyOf(core.db, event.id);
      expect(occupancy.points).toEqual([
        expect.objectContaining({ name: 'Main entrance', entries: 1, exits: 0, inside: 1 }),
      ]);
    } finally {
      await core.close();
    }
  });
});
