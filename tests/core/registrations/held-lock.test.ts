import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@shared/contract';
import { onCleanup } from '../../support/cleanup';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';

// One event's row held by another session (another desktop mid-transaction, a stuck client):
// writers of that event hear UNAVAILABLE while it is still held, and nobody else notices.

let test: TestCore;
let admin: Caller;
let organizer: Caller;
let held: string;
let other: string;
let heldRegistrations: string[];
const password = 'a long enough password';

beforeAll(async () => {
  test = await startTestCore({ poolSize: 10 }, 'held_lock');
  admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer', 'olga@example.org');
  held = (await createEvent(organizer, { maxAttendees: 1000 })).id;
  other = (await createEvent(organizer)).id;
  heldRegistrations = [];
  for (let i = 0; i < 10; i++) {
    const { registration } = await organizer.ok('registrations.register', {
      eventId: held,
      name: `Held ${i}`,
      email: `held${i}@example.org`,
    });
    heldRegistrations.push(registration.id);
  }
});

/** Another session holding the event's row lock until `release`, and its backend's pid. */
async function holdEvent(eventId: string) {
  const client = new pg.Client({ connectionString: test.database.url });
  await client.connect();
  onCleanup(() => client.end().catch(() => undefined));
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  await client.query('begin');
  await client.query('select id from events where id = $1 for update', [eventId]);
  const release = async () => {
    await client.query('rollback');
    await client.end();
  };
  return { release, pid: rows[0]!.pid };
}

/**
 * The most connections seen waiting on the holder's lock at once, sampled until `stop`. Only
 * waits the holder causes count: the unrelated calls may briefly wait on each other (five
 * sign-ins of one account update one row), which says nothing about the held event.
 */
function sampleLockWaiters(holderPid: number) {
  const client = new pg.Client({ connectionString: test.database.url });
  let most = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ n: number }>(
        // Waiters queue behind one another for a row lock, so the holder blocks the first
        // directly and the rest through it: every session it blocks, directly or not.
        `with recursive blocked(pid) as (
           select pid from pg_stat_activity where $1::int = any(pg_blocking_pids(pid))
           union
           select a.pid from pg_stat_activity a join blocked b on b.pid = any(pg_blocking_pids(a.pid))
         )
         select count(*)::int as n from blocked`,
        [holderPid],
      );
      most = Math.max(most, rows[0]!.n);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return most;
    },
  };
}

const codeOf = (result: Envelope<unknown>) => (result.ok ? 'ok' : result.error.code);

describe('an event row held by another session', () => {
  it('makes its writers UNAVAILABLE while it is still held, and slows no one else', async () => {
    const { release, pid } = await holdEvent(held);
    // The other session gives up after a while, far beyond any lock timeout; before that, every
    // writer of the held event must have had its answer.
    let released = false;
    const giveUp = setTimeout(() => {
      released = true;
      void release();
    }, 20_000);
    try {
      const heldWrites = [
        ...Array.from({ length: 30 }, (_, i) =>
          organizer.call('registrations.register', {
            eventId: held,
            name: `Late ${i}`,
            email: `late${i}@example.org`,
          }),
        ),
        ...heldRegistrations.map((id) => organizer.call('registrations.cancel', { id })),
        ...Array.from({ length: 5 }, () =>
          organizer.call('events.update', { id: held, version: 1, title: 'Renamed' }),
        ),
      ];
      const unrelated = [
        ...Array.from({ length: 5 }, () =>
          test.caller().call('auth.login', { email: 'olga@example.org', password }),
        ),
        ...Array.from({ length: 5 }, (_, i) => organizer.call('events.list', { search: `x${i}` })),
        ...Array.from({ length: 5 }, (_, i) =>
          organizer.call('registrations.register', {
            eventId: other,
            name: `Other ${i}`,
            email: `other${i}@example.org`,
          }),
        ),
        // Reading the held event's attendees takes no lock.
        ...Array.from({ length: 5 }, () => organizer.call('registrations.list', { eventId: held })),
        organizer.call('events.get', { id: held }),
      ];
      const waiting = sampleLockWaiters(pid);
      const heldCodes = (await Promise.all(heldWrites)).map(codeOf);
      // At most one of this desktop's connections ever waited on the held row: the rest of the
      // pool stayed free for everyone else.
      expect(await waiting.stop()).toBeLessThanOrEqual(1);
      // Answered while the lock is still held: nobody waited for the statement timeout.
      expect(released).toBe(false);
      expect(new Set(heldCodes)).toEqual(new Set(['UNAVAILABLE']));
      expect((await Promise.all(unrelated)).map(codeOf)).toEqual(unrelated.map(() => 'ok'));
    } finally {
      clearTimeout(giveUp);
      if (!released) await release();
    }
    // Nothing was written to the held event while refused; it works again at once.
    const event = await organizer.ok('events.get', { id: held });
    expect(event).toMatchObject({ registeredCount: 10, version: 1 });
    await organizer.ok('registrations.register', {
      eventId: held,
      name: 'After',
      email: 'after@example.org',
    });
  }, 60_000);
});
