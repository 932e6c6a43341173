import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core';
import { openDoorDevice } from '../../electron/core/door/device/device';
import type { DoorTransport } from '../../electron/core/door/device/types';
import { silentLogger } from '../../electron/core/log';
import type { Caller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';
import { createEvent } from '../core/door/seed';
import { doorCaller } from './door.bench';
import { measure, report } from './stats';

/**
 * Door prepare alone, at sizes the CSV import takes minutes to build: each event is seeded with
 * one INSERT ... SELECT (statuses mixed, a tenth of the seated checked in, as scale.bench.ts
 * builds them), then
 * - the floor: the server's pages read one after another with nothing done to them (what the
 *   server costs and the least a prepare can take over this transport), and
 * - the prepare: a fresh device file, with its time, CPU of this process (server and device
 *   share it here) and peak RSS growth.
 * `PREPARE_SIZES=10000,100000` runs fewer sizes.
 */
const sizes = (process.env.PREPARE_SIZES ?? '10000,100000,1000000').split(',').map(Number);

export async function run(): Promise<void> {
  const database = await createTestDatabase('bench_prepare');
  const core = await createCore({ databaseUrl: database.url, log: silentLogger });
  const dir = await mkdtemp(join(tmpdir(), 'usher-prepare-'));
  try {
    const door = await doorCaller(core);
    for (const size of sizes) {
      const eventId = await createEvent(core.db, `Prepare ${size}`);
      const seeded = await measure(() => seedAttendees(core, eventId, size));
      console.log(`  (${size.toLocaleString('en')}) seeded in ${seeded.seconds.toFixed(1)} s`);
      report(
        `prepare: ${size.toLocaleString('en')} attendees`,
        await measurePrepare(door, eventId, join(dir, `door-${size}.sqlite`), size),
      );
    }
  } finally {
    await core.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** `size` registrations with real-shaped ticket codes; check-ins for a tenth of the seated. */
export async function seedAttendees(core: Core, eventId: string, size: number): Promise<void> {
  await core.db.tx(async (sql) => {
    await sql.run('set local statement_timeout = 0');
    await sql.run(
      `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       select $1::uuid,
              case when n % 10 = 0 then 'O''Brien, "Bo" ' || n else 'Chiara Rossi ' || n end,
              'guest' || n || '@example.org',
              -- 26 characters of the ticket alphabet, unique by n within the event
              translate(lpad(to_hex(n), 8, '0') || substr(md5(n || $1::text), 1, 18),
                        '0123456789abcdef', 'abcdefghjkmnpqrs'),
              case when n % 20 = 0 then 'waitlisted' when n % 50 = 1 then 'cancelled'
                   else 'registered' end
         from generate_series(1, $2::int) n`,
      [eventId, size],
    );
    await sql.run(
      `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
       select id, event_id, now(), 'door-' || (seq % 4), gen_random_uuid()
         from event_registrations where event_id = $1 and status = 'registered' and seq % 10 = 0`,
      [eventId],
    );
  });
  await core.db.run('analyze event_registrations, check_ins');
}

/** The floor (the server's pages alone) and a full prepare into `file`, as report rows. */
export async function measurePrepare(door: Caller, eventId: string, file: string, size: number) {
  const rate = (seconds: number) => `${Math.round(size / seconds).toLocaleString('en')}/s`;
  const floor = await measure(async () => {
    let cursor: string | undefined;
    for (;;) {
      const page = await door.ok('door.snapshot', { eventId, cursor });
      if (page.done) return;
      cursor = page.cursor;
    }
  });
  const device = openDoorDevice({
    file,
    transport: door.call as DoorTransport,
    deviceId: `bench-prepare-${size}`,
  });
  try {
    const cpu = process.cpuUsage();
    const prepared = await measure(() => device.prepare(eventId));
    const used = process.cpuUsage(cpu);
    return {
      'floor: server pages alone': `${floor.seconds.toFixed(2)} s, +${floor.mb.toFixed(0)} MB RSS (${rate(floor.seconds)})`,
      prepare: `${prepared.seconds.toFixed(2)} s, +${prepared.mb.toFixed(0)} MB RSS (${rate(prepared.seconds)}, ${(prepared.seconds / floor.seconds).toFixed(2)}x floor)`,
      'prepare: CPU of this process': `${((used.user + used.system) / 1e6).toFixed(2)} s`,
    };
  } finally {
    await device.close();
  }
}
