import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller } from '../support/callers';
import { createEvent } from '../support/events';
import { createTestDatabase } from '../support/postgres';
import { first, last, lists } from './scale.bench';
import { measure, report } from './stats';

/**
 * The organizer's list pages alone, at sizes the CSV import takes minutes to build: each event is
 * seeded with one INSERT ... SELECT in the scale benchmark's names (10 first names, 8 surnames, a
 * number; a tenth with ", Jr."), its counters set as registering would, then the scale
 * benchmark's list cases run on it. `LIST_SIZES=10000,100000` runs fewer sizes.
 */
const sizes = (process.env.LIST_SIZES ?? '10000,100000,1000000').split(',').map(Number);

export async function run(): Promise<void> {
  const database = await createTestDatabase('bench_lists');
  const core = await createCore({ databaseUrl: database.url, log: silentLogger });
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    for (const size of sizes) {
      const event = await createEvent(admin, { title: `Lists ${size}`, maxAttendees: null });
      const seeded = await measure(() =>
        core.db.tx(async (sql) => {
          await sql.run('set local statement_timeout = 0');
          await sql.run(
            `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
             select $1::uuid,
                    ($3::text[])[n % 10 + 1] || ' ' || ($4::text[])[(n * 7) % 8 + 1] || ' ' || n
                      || case when n % 10 = 0 then ', Jr.' else '' end,
                    'guest' || n || '@example.org',
                    translate(lpad(to_hex(n), 8, '0') || substr(md5(n || $1::text), 1, 18),
                              '0123456789abcdef', 'abcdefghjkmnpqrs'),
                    case when n % 50 = 1 then 'cancelled' else 'registered' end
               from generate_series(0, $2::int - 1) n`,
            [event.id, size, first, last],
          );
          await sql.run(
            `update events set registered_count = (select count(*) from event_registrations
                                                    where event_id = $1 and status = 'registered')
              where id = $1`,
            [event.id],
          );
        }),
      );
      await core.db.run('vacuum analyze event_registrations');
      console.log(`  (${size.toLocaleString('en')}) seeded in ${seeded.seconds.toFixed(1)} s`);
      const row: Record<string, string> = {};
      await lists(admin, core, event.id, size, row);
      report(`lists: ${size.toLocaleString('en')} attendees`, row);
    }
  } finally {
    await core.close();
    await database.drop();
  }
}
