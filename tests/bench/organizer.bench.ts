import pg from 'pg';
import { createCore, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { newTicketCode } from '../../electron/core/registrations/ticket-code';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { eventInput } from '../support/events';
import { createTestDatabase, redisUrl } from '../support/postgres';
import { ms, percentiles, report, runConcurrently } from './stats';

const ATTEMPTS = 1_000;
const CALLERS = 50;
const SEATS = 100;
const POOL = 20;

export async function run() {
  const database = await createTestDatabase('bench_organizer');
  const keyPrefix = `usher-bench-${Date.now()}:`;
  const open = () =>
    createCore({
      databaseUrl: database.url,
      redisUrl,
      redisKeyPrefix: keyPrefix,
      poolSize: POOL,
      log: silentLogger,
    });
  const a = await open();
  const b = await open();
  try {
    const admin = makeCaller(a);
    await admin.ok('auth.setup', adminInput);
    await registrationRush(a, admin, database.url);
    await listing(a, admin);
    await livePropagation(a, b, admin);
  } finally {
    await a.close();
    await b.close();
    await database.drop();
  }
}

async function registrationRush(core: Core, admin: Caller, url: string) {
  const event = await admin.ok('events.create', eventInput({ maxAttendees: SEATS }));
  const viaCore = await runConcurrently(ATTEMPTS, CALLERS, async (i) => {
    const result = await admin.call('registrations.register', {
      eventId: event.id,
      name: `Rush ${i}`,
      email: `rush${i}@example.org`,
    });
    if (!result.ok) throw new Error(result.error.message);
  });

  // Baseline: the same locking transaction, hand-written over a raw pg pool of the same size.
  const baselineEvent = await admin.ok('events.create', eventInput({ maxAttendees: SEATS }));
  const adminId = (await admin.ok('auth.session', {})).user!.id;
  const pool = new pg.Pool({ connectionString: url, max: POOL });
  const raw = await runConcurrently(ATTEMPTS, CALLERS, async (i) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query(
        'select max_attendees, registered_count from events where id = $1 for update',
        [baselineEvent.id],
      );
      const full =
        rows[0].max_attendees !== null && rows[0].registered_count >= rows[0].max_attendees;
      const status = full ? 'waitlisted' : 'registered';
      const inserted = await client.query(
        `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
         values ($1, $2, $3, $4, $5) returning *`,
        [baselineEvent.id, `Raw ${i}`, `raw${i}@example.org`, newTicketCode(), status],
      );
      await client.query(
        `update events set registered_count = registered_count + $2, waitlisted_count = waitlisted_count + $3
          where id = $1`,
        [baselineEvent.id, full ? 0 : 1, full ? 1 : 0],
      );
      await client.query(
        `insert into audit_log (actor_id, action, entity, entity_id, after) values ($1, 'bench', 'registration', $2, $3)`,
        [adminId, inserted.rows[0].id, JSON.stringify(inserted.rows[0])],
      );
      await client.query('commit');
    } finally {
      client.release();
    }
  });
  await pool.end();

  const core_ = percentiles(viaCore.latencies);
  const raw_ = percentiles(raw.latencies);
  const rate = ATTEMPTS / viaCore.seconds;
  const rawRate = ATTEMPTS / raw.seconds;
  report(`Registration rush: ${ATTEMPTS} attempts, ${CALLERS} callers, ${SEATS} seats`, {
    'core decisions/s': rate.toFixed(0),
    'core p50 / p99': `${ms(core_.p50)} / ${ms(core_.p99)}`,
    'raw pg transaction decisions/s': rawRate.toFixed(0),
    'raw p50 / p99': `${ms(raw_.p50)} / ${ms(raw_.p99)}`,
    'core time / raw time': `${(viaCore.seconds / raw.seconds).toFixed(2)}x (target <= 1.5x)`,
  });
  void core;
}

async function listing(core: Core, admin: Caller) {
  const adminId = (await admin.ok('auth.session', {})).user!.id;
  await core.db.run(
    `insert into events (title, location, description, starts_at, ends_at, time_zone, category, status, created_by, max_attendees)
     select 'Bench event ' || n, 'Hall ' || (n % 40), 'Generated for the listing benchmark',
            now() + n * interval '1 hour', now() + n * interval '1 hour' + interval '2 hours',
            'Europe/Berlin', (array['meetup','workshop','social','conference'])[1 + n % 4],
            'published', $1, 100
       from generate_series(1, 10000) as n`,
    [adminId],
  );
  await admin.ok('events.update', { ...(await firstEvent(admin)) }); // bump: start from a clean version
  const pages = Array.from({ length: 200 }, (_, i) => ({ limit: 50, offset: i * 50 }));
  const cold: number[] = [];
  for (const page of pages) {
    const t0 = performance.now();
    await admin.ok('events.list', page);
    cold.push(performance.now() - t0);
  }
  const warm: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const page of pages) {
      const t0 = performance.now();
      await admin.ok('events.list', page);
      warm.push(performance.now() - t0);
    }
  }
  const c = percentiles(cold);
  const w = percentiles(warm);
  report('Listing: events.list over 10,000 events (pages of 50, through the router)', {
    'uncached p50 / p99': `${ms(c.p50)} / ${ms(c.p99)}`,
    'cached p50 / p99': `${ms(w.p50)} / ${ms(w.p99)} (target p50 < 1 ms)`,
    'uncached / cached p50': `${(c.p50 / w.p50).toFixed(1)}x`,
  });
}

async function firstEvent(admin: Caller) {
  const page = await admin.ok('events.list', { limit: 1 });
  const event = page.items[0]!;
  return { id: event.id, version: event.version, description: event.description };
}

async function livePropagation(a: Core, b: Core, admin: Caller) {
  const event = await admin.ok('events.create', eventInput({ maxAttendees: null }));
  const samples: number[] = [];
  let version = event.version;
  for (let i = 0; i < 200; i++) {
    const received = new Promise<number>((resolve) => {
      const stop = b.subscribe((topic, payload) => {
        if (topic === 'events.changed' && (payload as { eventId: string }).eventId === event.id) {
          stop();
          resolve(performance.now());
        }
      });
    });
    const t0 = performance.now();
    version = (await admin.ok('events.update', { id: event.id, version, title: `Live ${i}` }))
      .version;
    samples.push((await received) - t0);
  }
  const p = percentiles(samples);
  report('Live propagation: write on desktop A to topic on desktop B (Redis Stream)', {
    'p50 / p99': `${ms(p.p50)} / ${ms(p.p99)} (target p99 < 100 ms)`,
  });
  void a;
}
