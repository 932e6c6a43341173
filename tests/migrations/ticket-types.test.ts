import { afterAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { allMigrations } from '../../migrations';
import { TicketTypes1764300000000 } from '../../migrations/1764300000000-ticket-types';
import { adminInput, makeCaller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';

// A database made by the release before ticket types, with events and attendees in every state,
// upgraded by this one: every event gets one default type holding all its registrations, with
// counters equal to its own, and the app goes on registering into it.

const database = await createTestDatabase('migration_ticket_types');
afterAll(() => database.drop());

const before = allMigrations.slice(0, allMigrations.indexOf(TicketTypes1764300000000));

describe('upgrading a database from before ticket types', () => {
  it('gives every event a default type holding all its registrations', async () => {
    const previous = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: before,
      migrationsTableName: 'migrations',
    });
    await previous.initialize();
    await previous.runMigrations();
    const [full, open] = await previous.query(
      `insert into events (title, starts_at, ends_at, time_zone, status, max_attendees,
                           registered_count, waitlisted_count)
       values ('Full Gala', now(), now() + interval '3 hours', 'Europe/Paris', 'published', 2, 2, 1),
              ('Open Day', now(), now() + interval '3 hours', 'Europe/Paris', 'draft', null, 1, 0)
       returning id`,
    );
    await previous.query(
      `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       values ($1, 'Ann', 'ann@example.org', 'OLD1', 'registered'),
              ($1, 'Bob', 'bob@example.org', 'OLD2', 'registered'),
              ($1, 'Cy', 'cy@example.org', 'OLD3', 'waitlisted'),
              ($1, 'Di', 'di@example.org', 'OLD4', 'cancelled'),
              ($2, 'Ed', 'ed@example.org', 'OLD5', 'registered')`,
      [full.id, open.id],
    );
    await previous.destroy();

    const core = await createCore({ databaseUrl: database.url, log: silentLogger });
    try {
      const types = await core.db.many<{
        eventId: string;
        name: string;
        registered: number;
        waitlisted: number;
      }>(
        `select event_id as "eventId", name, registered_count as registered,
                waitlisted_count as waitlisted from ticket_types order by registered_count desc`,
      );
      expect(types).toEqual([
        { eventId: full.id, name: 'General admission', registered: 2, waitlisted: 1 },
        { eventId: open.id, name: 'General admission', registered: 1, waitlisted: 0 },
      ]);
      const untyped = await core.db.many(
        `select r.id from event_registrations r
           left join ticket_types t on t.id = r.ticket_type_id and t.event_id = r.event_id
          where t.id is null`,
      );
      expect(untyped).toEqual([]);

      // The app goes on from there: the freed seat goes to the waitlisted attendee, and a new
      // registration of the same email as the cancelled one is welcome.
      const admin = makeCaller(core);
      await admin.ok('auth.setup', adminInput);
      const ann = (await core.db.one<{ id: string }>(
        "select id from event_registrations where ticket_code = 'OLD1'",
      ))!;
      const cancelled = await admin.ok('registrations.cancel', { id: ann.id });
      expect(cancelled.promoted).toMatchObject({ attendeeName: 'Cy', status: 'registered' });
      const di = await admin.ok('registrations.register', {
        eventId: full.id,
        name: 'Di Again',
        email: 'di@example.org',
      });
      expect(di).toMatchObject({ outcome: 'waitlisted', registration: { waitlistPosition: 1 } });
      const counters = await core.db.one(
        `select registered_count as registered, waitlisted_count as waitlisted
           from ticket_types where event_id = $1`,
        [full.id],
      );
      expect(counters).toEqual({ registered: 2, waitlisted: 1 });
      expect(di.registration.ticketTypeId).toBe(
        (await core.db.one<{ id: string }>('select id from ticket_types where event_id = $1', [
          full.id,
        ]))!.id,
      );
    } finally {
      await core.close();
    }
  });
});
