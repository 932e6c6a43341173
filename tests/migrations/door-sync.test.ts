import { afterAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { InitialSchema1764020000000 } from '../../migrations/1764020000000-initial-schema';
import { adminInput, makeCaller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';

// A database made by the first release, with real data in it, upgraded by this one: the
// door-sync migration must keep every row and make it visible to a device's first download.

const database = await createTestDatabase('migration_door_sync');
afterAll(() => database.drop());

describe('upgrading a first-release database', () => {
  it('keeps existing registrations and check-ins and serves them to door devices', async () => {
    const firstRelease = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: [InitialSchema1764020000000],
      migrationsTableName: 'migrations',
    });
    await firstRelease.initialize();
    await firstRelease.runMigrations();
    const [event] = await firstRelease.query(
      `insert into events (title, starts_at, ends_at, time_zone, status, registered_count, checked_in_count)
       values ('Old Gala', now(), now() + interval '3 hours', 'Europe/Paris', 'published', 2, 1)
       returning id`,
    );
    const registrations = await firstRelease.query(
      `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       values ($1, 'Old Timer', 'old@example.org', 'OLDCODE1', 'registered'),
              ($1, 'New Comer', 'new@example.org', 'OLDCODE2', 'registered')
       returning id`,
      [event.id],
    );
    await firstRelease.query(
      `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
       values ($1, $2, now(), 'old-door', gen_random_uuid())`,
      [registrations[0].id, event.id],
    );
    await firstRelease.destroy();

    const core = await createCore({ databaseUrl: database.url, log: silentLogger });
    try {
      const admin = makeCaller(core);
      await admin.ok('auth.setup', adminInput);
      const page = await admin.ok('door.snapshot', { eventId: event.id });
      const byName = Object.fromEntries(page.attendees.map((a) => [a.name, a]));
      expect(Object.keys(byName).sort()).toEqual(['New Comer', 'Old Timer']);
      // A first download sends the check-ins apart, after the last attendee.
      const rest = await admin.ok('door.snapshot', { eventId: event.id, cursor: page.cursor });
      expect(rest.checkIns).toMatchObject([
        { registrationId: byName['Old Timer']!.id, deviceId: 'old-door' },
      ]);
      const seq = await core.db.many<{ seq: string }>('select seq from check_ins');
      expect(seq).toHaveLength(1);
      expect(Number(seq[0]!.seq)).toBeGreaterThan(0);
    } finally {
      await core.close();
    }
  });
});
