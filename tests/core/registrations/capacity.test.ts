import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';
import {
  makeCaller,
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';

let test: TestCore;
let organizer: Caller;

beforeAll(async () => {
  test = await startTestCore({ poolSize: 20 }, 'capacity');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
});

/** The stored counters and the rows they count must agree, and no seat may be oversold. */
async function invariants(eventId: string) {
  const row = (await test.core.db.one<{
    max: number | null;
    registeredCount: number;
    waitlistedCount: number;
    registered: number;
    waitlisted: number;
  }>(
    `select e.max_attendees as max, e.registered_count as "registeredCount",
            e.waitlisted_count as "waitlistedCount",
            (select count(*)::int from event_registrations where event_id = e.id and status = 'registered') as registered,
            (select count(*)::int from event_registrations where event_id = e.id and status = 'waitlisted') as waitlisted
       from events e where e.id = $1`,
    [eventId],
  ))!;
  expect(row.registeredCount).toBe(row.registered);
  expect(row.waitlistedCount).toBe(row.waitlisted);
  if (row.max !== null) {
    expect(row.registered).toBeLessThanOrEqual(row.max);
    // Nobody waits while a seat is free.
    if (row.registered < row.max) expect(row.waitlisted).toBe(0);
  }
  return row;
}

describe('capacity under concurrency', () => {
  it('1,000 concurrent attempts on 100 seats: exactly 100 registered, the rest waitlisted in order', async () => {
    const event = await createEvent(organizer, { maxAttendees: 100 });
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) =>
        organizer.call('registrations.register', {
          eventId: event.id,
          name: `Attendee ${i}`,
          email: `attendee${i}@example.org`,
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const outcomes = results.map((r) => (r.ok ? r.value.outcome : 'failed'));
    expect(outcomes.filter((o) => o === 'registered')).toHaveLength(100);
    expect(outcomes.filter((o) => o === 'waitlisted')).toHaveLength(900);
    const row = await invariants(event.id);
    expect(row).toMatchObject({ registered: 100, waitlisted: 900 });

    // Arrival order: every seat went to someone who came before everyone waiting, and the
    // waitlist places are 1..900 in that order.
    const order = await test.core.db.one<{ lastSeat: string; firstWaiting: string }>(
      `select max(seq) filter (where status = 'registered') as "lastSeat",
              min(seq) filter (where status = 'waitlisted') as "firstWaiting"
         from event_registrations where event_id = $1`,
      [event.id],
    );
    expect(BigInt(order!.lastSeat)).toBeLessThan(BigInt(order!.firstWaiting));
    const places = results
      .map((r) => (r.ok ? r.value.registration.waitlistPosition : null))
      .filter((p): p is number => p !== null)
      .sort((a, b) => a - b);
    expect(places).toEqual(Array.from({ length: 900 }, (_, i) => i + 1));
  });

  it('holds across two desktops sharing the database, each batching its own rush', async () => {
    const second = await createCore({ databaseUrl: test.database.url, log: silentLogger });
    try {
      const elsewhere = makeCaller(second, organizer.ctx.token);
      const event = await createEvent(organizer, { maxAttendees: 100 });
      const attempt = (caller: Caller, i: number) =>
        caller.call('registrations.register', {
          eventId: event.id,
          name: `Two desks ${i}`,
          email: `desk${i}@example.org`,
        });
      const results = await Promise.all(
        Array.from({ length: 600 }, (_, i) => attempt(i % 2 ? organizer : elsewhere, i)),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await invariants(event.id)).toMatchObject({ registered: 100, waitlisted: 500 });
    } finally {
      await second.close();
    }
  });

  it('keeps its invariants with random cancellations mixed in', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.record({ cancel: fc.boolean(), who: fc.nat(40) }), {
          minLength: 5,
          maxLength: 60,
        }),
        async (seats, operations) => {
          run += 1;
          const event = await createEvent(organizer, {
            maxAttendees: seats,
            title: `Property run ${run}`,
          });
          const ids: string[] = [];
          await Promise.all(
            operations.map(async (op, i) => {
              if (op.cancel && ids.length > 0) {
                await organizer.call('registrations.cancel', { id: ids[op.who % ids.length]! });
              } else {
                const result = await organizer.call('registrations.register', {
                  eventId: event.id,
                  name: `Person ${op.who}`,
                  email: `p${op.who}-${i}@example.org`,
                });
                if (result.ok) ids.push(result.value.registration.id);
                else expect(result.error.code).toBe('CONFLICT');
              }
            }),
          );
          await invariants(event.id);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('waitlist', () => {
  it('promotes the first in line when a seat frees up, in the same transaction', async () => {
    const event = await createEvent(organizer, { maxAttendees: 1 });
    const register = (n: number) =>
      organizer.ok('registrations.register', {
        eventId: event.id,
        name: `P${n}`,
        email: `w${n}@example.org`,
      });
    const first = await register(1);
    const second = await register(2);
    const third = await register(3);
    expect([first.outcome, second.outcome, third.outcome]).toEqual([
      'registered',
      'waitlisted',
      'waitlisted',
    ]);
    expect(third.registration.waitlistPosition).toBe(2);

    const cancelled = await organizer.ok('registrations.cancel', { id: first.registration.id });
    expect(cancelled.promoted).toMatchObject({ id: second.registration.id, status: 'registered' });
    const thirdNow = await organizer.ok('registrations.get', { id: third.registration.id });
    expect(thirdNow.waitlistPosition).toBe(1);
    await invariants(event.id);
  });

  it('fills new seats from the waitlist when capacity goes up', async () => {
    const event = await createEvent(organizer, { maxAttendees: 1 });
    for (let i = 0; i < 4; i++) {
      await organizer.ok('registrations.register', {
        eventId: event.id,
        name: `C${i}`,
        email: `c${i}@example.org`,
      });
    }
    const raised = await organizer.ok('events.update', {
      id: event.id,
      version: 1,
      maxAttendees: 3,
    });
    expect(raised).toMatchObject({ registeredCount: 3, waitlistedCount: 1 });
    const lowered = await organizer.call('events.update', {
      id: event.id,
      version: raised.version,
      maxAttendees: 2,
    });
    expect(lowered).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { maxAttendees: expect.any(String) } },
    });
    await invariants(event.id);
  });

  it('moves a waitlisted attendee in only when a seat is free', async () => {
    const event = await createEvent(organizer, { maxAttendees: 1 });
    await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'A',
      email: 'a@example.org',
    });
    const waiting = await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'B',
      email: 'b@example.org',
    });
    expect(
      await organizer.call('registrations.promote', { id: waiting.registration.id }),
    ).toMatchObject({
      error: { code: 'FULL' },
    });
  });
});
