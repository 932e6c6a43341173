import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { eventInput } from '../support/events';
import { createTestDatabase } from '../support/postgres';
import { ms, percentiles, report, runConcurrently } from './stats';

// Registration rush on an event with three ticket types (two capped, one not, all inside the
// event's capacity) against the same rush on a single-type event, in the same run: picking the
// type's seat under the one event lock must cost next to nothing (target: within 1.2x).

const ATTEMPTS = 1_000;
const CALLERS = 50;
const SEATS = 100;
const ROUNDS = 3;

export async function run() {
  const database = await createTestDatabase('bench_ticket_types');
  const core = await createCore({ databaseUrl: database.url, poolSize: 20, log: silentLogger });
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    const single: Rush[] = [];
    const three: Rush[] = [];
    // Interleaved, so drift in the machine's load falls on both alike; best round of each.
    for (let round = 0; round < ROUNDS; round++) {
      single.push(await rush(admin, 1, round));
      three.push(await rush(admin, 3, round));
    }
    const best = (rushes: Rush[]) => rushes.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const one = best(single);
    const many = best(three);
    report(
      `Registration rush by ticket types: ${ATTEMPTS} attempts, ${CALLERS} callers, ${SEATS} seats`,
      {
        'one type decisions/s': (ATTEMPTS / one.seconds).toFixed(0),
        'one type p50 / p99': `${ms(one.p50)} / ${ms(one.p99)}`,
        'three types decisions/s': (ATTEMPTS / many.seconds).toFixed(0),
        'three types p50 / p99': `${ms(many.p50)} / ${ms(many.p99)}`,
        'three types time / one type time': `${(many.seconds / one.seconds).toFixed(2)}x (target <= 1.2x)`,
      },
    );
  } finally {
    await core.close();
    await database.drop();
  }
}

interface Rush {
  seconds: number;
  p50: number;
  p99: number;
}

async function rush(admin: Caller, typeCount: number, round: number): Promise<Rush> {
  const event = await admin.ok('events.create', eventInput({ maxAttendees: SEATS }));
  const types = [(await admin.ok('ticketTypes.list', { eventId: event.id }))[0]!.id];
  for (let i = 1; i < typeCount; i++) {
    const capacity = i === typeCount - 1 ? null : 40;
    types.push(
      (await admin.ok('ticketTypes.create', { eventId: event.id, name: `Type ${i}`, capacity })).id,
    );
  }
  const result = await runConcurrently(ATTEMPTS, CALLERS, async (i) => {
    const registered = await admin.call('registrations.register', {
      eventId: event.id,
      name: `Rush ${i}`,
      email: `rush${typeCount}-${round}-${i}@example.org`,
      ticketTypeId: types[i % types.length],
    });
    if (!registered.ok) throw new Error(registered.error.message);
  });
  const { p50, p99 } = percentiles(result.latencies);
  return { seconds: result.seconds, p50, p99 };
}
