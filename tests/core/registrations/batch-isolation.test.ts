import { beforeAll, describe, expect, it } from 'vitest';
import type { UserDto } from '@shared/domain';
import { createRegisterQueue } from '../../../electron/core/registrations/register-queue';
import { newTicketCode } from '../../../electron/core/registrations/ticket-code';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';

// Registrations arriving together are decided in one transaction. One attempt that the database
// refuses must fail alone: the others decided with it are still registered.

let test: TestCore;
let admin: Caller;
let adminUser: UserDto;

beforeAll(async () => {
  test = await startTestCore({}, 'batch_isolation');
  admin = await setupAdmin(test);
  adminUser = (await admin.ok('auth.session', {})).user!;
});

const attempt = (eventId: string, name: string, email: string) => ({
  eventId,
  name,
  email,
  ticketCode: newTicketCode(),
  actorId: adminUser.id,
  actor: adminUser,
});

describe('a batch of registrations', () => {
  it('fails only the attempt the database refuses, not the 19 decided with it', async () => {
    const event = await createEvent(admin, { maxAttendees: 10 });
    // Straight to the queue, past the schema that now refuses a NUL: this is the database's
    // refusal the queue must contain, whatever its cause.
    const queue = createRegisterQueue(test.core.db);
    const attempts = Array.from({ length: 20 }, (_, i) =>
      i === 7
        ? attempt(event.id, 'Nul\u0000Byte', 'nul@example.org')
        : attempt(event.id, `Guest ${i}`, `guest${i}@example.org`),
    );
    const outcomes = await Promise.allSettled(attempts.map((a) => queue.register(a)));
    expect(outcomes[7]!.status).toBe('rejected');
    const decided = outcomes.filter((o, i) => i !== 7);
    expect(decided.every((o) => o.status === 'fulfilled')).toBe(true);
    const kinds = decided.map((o) => (o as PromiseFulfilledResult<{ kind: string }>).value.kind);
    // Arrival order still decides the seats: the first ten good ones in, the rest waitlisted.
    expect(kinds).toEqual([...Array(10).fill('registered'), ...Array(9).fill('waitlisted')]);
    const stored = await admin.ok('events.get', { id: event.id });
    expect(stored).toMatchObject({ registeredCount: 10, waitlistedCount: 9 });
  });

  it('through the router: the bad one is VALIDATION, the others registered', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const calls = Array.from({ length: 19 }, (_, i) =>
      admin.call('registrations.register', {
        eventId: event.id,
        name: i === 3 ? 'Bad\u0000Name' : `Person ${i}`,
        email: `person${i}@example.org`,
      }),
    );
    const results = await Promise.all(calls);
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(results.filter((r) => r.ok)).toHaveLength(18);
    expect((await admin.ok('events.get', { id: event.id })).registeredCount).toBe(18);
  });
});
