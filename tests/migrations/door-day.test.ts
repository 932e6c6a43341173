import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createCore } from '../../electron/core';
import { hashPassword } from '../../electron/core/auth/passwords';
import { silentLogger } from '../../electron/core/log';
import { allMigrations } from '../../migrations';
import { occupancyOf } from '../../electron/core/checkin-points/occupancy';
import { DoorStaff1764360000000 } from '../../migrations/1764360000000-door-staff';
import { adminInput, makeCaller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';

// A database at the schema main shipped before the door day (ticket types, questions, the door
// functions), with door staff, typed tickets, answers and a check-in, upgraded: door staff keep
// working every event, every event gets one check-in point, the old check-in counts there, and the
// replaced door functions take check-ins at points, by the ticket types the event already had.

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
    const [standard] = await previous.query(
      `update ticket_types set name = 'Standard' where event_id = $1 returning id`,
      [event.id],
    );
    const [vipType] = await previous.query(
      `insert into ticket_types (event_id, name, position) values ($1, 'VIP', 1) returning id`,
      [event.id],
    );
    const [ann, bob, cy] = await previous.query(
      `insert into event_registrations
         (event_id, attendee_name, attendee_email, ticket_code, status, ticket_type_id)
       values ($1, 'Ann', 'ann@example.org', 'OLD1', 'registered', $2),
              ($1, 'Bob', 'bob@example.org', 'OLD2', 'registered', $2),
              ($1, 'Cy', 'cy@example.org', 'OLD3', 'registered', $3)
       returning id`,
      [event.id, standard.id, vipType.id],
    );
    const [question] = await previous.query(
      `insert into event_questions (event_id, key, label, kind, choices, position, door_visible)
       values ($1, 'diet', 'Dietary needs', 'singleChoice', '{none,vegetarian}', 0, true)
       returning id`,
      [event.id],
    );
    await previous.query(
      `insert into registration_answers (registration_id, question_id, event_id, value)
       values ($1, $2, $3, '"vegetarian"')`,
      [cy.id, question.id, event.id],
    );
    await previous.query(
      `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
       values ($1, $2, now(), 'old-desk', gen_random_uuid())`,
      [ann.id, event.id],
    );
    await previous.query('update events set checked_in_count = 1 where id = $1', [event.id]);
    await previous.query(
      `insert into users (email, full_name, role, password_hash)
       values ('gate@example.org', 'Gate Keeper', 'door', 'x'), ($1, $2, 'admin', $3)`,
      [adminInput.email, adminInput.fullName, await hashPassword(adminInput.password)],
    );
    await previous.destroy();

    const core = await createCore({ databaseUrl: database.url, log: silentLogger });
    try {
      expect(
        await core.db.many(`select role, all_events as "allEvents" from users where role = 'door'`),
      ).toEqual([{ role: 'door', allEvents: true }]);
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

      // The app goes on: a VIP gate admits the VIP type the event already had; the replaced
      // check-in function takes points and directions, flags a ticket the gate does not admit,
      // refuses an exit where none is recorded, and keeps the counter.
      const admin = makeCaller(core);
      await admin.ok('auth.login', { email: adminInput.email, password: adminInput.password });
      const vipGate = await admin.ok('points.create', {
        eventId: event.id,
        point: {
          name: 'VIP gate',
          ticketTypeIds: [vipType.id],
          validFrom: null,
          validUntil: null,
          allowMultipleEntries: false,
          recordsExits: true,
          allowReentry: true,
          capacity: null,
        },
      });
      const move = (registrationId: string, pointId: string, direction: 'in' | 'out') => ({
        kind: 'checkIn' as const,
        nonce: randomUUID(),
        eventId: event.id,
        registrationId,
        scannedAt: new Date().toISOString(),
        pointId,
        direction,
      });
      const mainEntrance = (await admin.ok('points.list', { eventId: event.id }))[0]!.id;
      const result = await admin.ok('checkins.upload', {
        deviceId: 'new-desk',
        items: [
          move(cy.id, vipGate.id, 'in'),
          move(bob.id, vipGate.id, 'in'),
          move(ann.id, mainEntrance, 'out'),
          move(cy.id, vipGate.id, 'out'),
        ],
      });
      expect(result.results.map((r) => r.rejected ?? r.checkIn?.forcedReason ?? 'ok')).toEqual([
        'ok',
        'not_admitted_here',
        'exit_refused',
        'ok',
      ]);
      const after = await occupancyOf(core.db, event.id);
      expect(after.points).toEqual([
        expect.objectContaining({ name: 'Main entrance', entries: 1, exits: 0, inside: 1 }),
        expect.objectContaining({ name: 'VIP gate', entries: 2, exits: 1, inside: 1 }),
      ]);
      expect(
        await core.db.one('select checked_in_count as n from events where id = $1', [event.id]),
      ).toEqual({ n: 3 });
      const functions = await core.db.many<{ args: string }>(
        `select pg_get_function_identity_arguments(oid) as args from pg_proc
          where proname = 'usher_door_check_in'`,
      );
      expect(functions).toHaveLength(1);
      expect(functions[0]!.args).toMatch(/point_ids uuid\[\], directions text\[\]$/);
    } finally {
      await core.close();
    }
  });
});
