import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@shared/contract';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';
import { typeInvariants } from './invariants';

let test: TestCore;
let organizer: Caller;

beforeAll(async () => {
  test = await startTestCore({ poolSize: 20 }, 'type_capacity');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
});

/** A refusal the operation may meet when others change the same event at the same moment. */
function expectOkOr(result: Envelope<unknown>, allowed: string[]) {
  if (!result.ok) expect(allowed).toContain(result.error.code);
}

const capacity = (max: number) => fc.option(fc.integer({ min: 1, max }), { nil: null });

const operation = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), type: fc.nat(2) }),
  fc.record({ kind: fc.constant('register' as const), type: fc.nat(2) }),
  fc.record({ kind: fc.constant('cancel' as const), who: fc.nat(60) }),
  fc.record({ kind: fc.constant('transfer' as const), who: fc.nat(60) }),
  fc.record({
    kind: fc.constant('retype' as const),
    who: fc.nat(60),
    type: fc.nat(2),
    waitlist: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('typeCapacity' as const), type: fc.nat(2), capacity: capacity(6) }),
  fc.record({ kind: fc.constant('eventCapacity' as const), capacity: capacity(12) }),
);
type Operation = typeof operation extends fc.Arbitrary<infer O> ? O : never;

describe('ticket types under concurrency', () => {
  it('never oversells a type or the event, keeps counters true and waitlists in order', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        capacity(10),
        fc.tuple(capacity(5), capacity(5), capacity(5)),
        fc.array(operation, { minLength: 10, maxLength: 50 }),
        async (max, typeCapacities, operations) => {
          run += 1;
          const event = await createEvent(organizer, { maxAttendees: max, title: `Types ${run}` });
          const [general] = await organizer.ok('ticketTypes.list', { eventId: event.id });
          await organizer.ok('ticketTypes.update', {
            id: general!.id,
            version: general!.version,
            capacity: typeCapacities[0] === null ? null : Math.min(typeCapacities[0], max ?? 99),
          });
          const types = [general!.id];
          for (const [i, cap] of typeCapacities.slice(1).entries()) {
            const created = await organizer.ok('ticketTypes.create', {
              eventId: event.id,
              name: `Type ${i + 1}`,
              capacity: cap === null ? null : Math.min(cap, max ?? 99),
            });
            types.push(created.id);
          }
          const ids: string[] = [];
          const pick = (who: number) => ids[who % Math.max(1, ids.length)];

          const apply = async (op: Operation, i: number) => {
            switch (op.kind) {
              case 'register': {
                const result = await organizer.call('registrations.register', {
                  eventId: event.id,
                  name: `Person ${i}`,
                  email: `p${i}@example.org`,
                  ticketTypeId: types[op.type],
                });
                expectOkOr(result, []);
                if (result.ok) ids.push(result.value.registration.id);
                return;
              }
              case 'cancel': {
                const id = pick(op.who);
                if (id) expectOkOr(await organizer.call('registrations.cancel', { id }), []);
                return;
              }
              case 'transfer':
              case 'retype': {
                const id = pick(op.who);
                if (!id) return;
                const seen = await organizer.ok('registrations.get', { id });
                const result =
                  op.kind === 'transfer'
                    ? await organizer.call('registrations.transfer', {
                        id,
                        version: seen.version,
                        name: `Heir ${i}`,
                        email: `heir${i}@example.org`,
                      })
                    : await organizer.call('registrations.edit', {
                        id,
                        version: seen.version,
                        ticketTypeId: types[op.type],
                        ifFull: op.waitlist ? 'waitlist' : 'refuse',
                      });
                expectOkOr(result, ['CONFLICT', 'FULL']);
                if (result.ok && 'to' in result.value) ids.push(result.value.to.id);
                return;
              }
              case 'typeCapacity': {
                const type = (await organizer.ok('ticketTypes.list', { eventId: event.id }))[
                  op.type
                ]!;
                expectOkOr(
                  await organizer.call('ticketTypes.update', {
                    id: type.id,
                    version: type.version,
                    capacity: op.capacity,
                  }),
                  ['CONFLICT', 'VALIDATION'],
                );
                return;
              }
              case 'eventCapacity': {
                const current = await organizer.ok('events.get', { id: event.id });
                expectOkOr(
                  await organizer.call('events.update', {
                    id: event.id,
                    version: current.version,
                    maxAttendees: op.capacity,
                  }),
                  ['CONFLICT', 'VALIDATION'],
                );
                return;
              }
            }
          };
          // Half at once, then the rest at once: concurrent changes on a non-empty event.
          const half = Math.ceil(operations.length / 2);
          await Promise.all(operations.slice(0, half).map((op, i) => apply(op, i)));
          await typeInvariants(test, organizer, event.id);
          await Promise.all(operations.slice(half).map((op, i) => apply(op, half + i)));
          await typeInvariants(test, organizer, event.id);
        },
      ),
      { numRuns: 12 },
    );
    // Each run is dozens of concurrent round trips; a loaded CI machine needs the room.
  }, 300_000);
});
