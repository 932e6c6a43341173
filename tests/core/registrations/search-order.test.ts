import { beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';

// A search lists the names that start with it first (any case), then its other matches by name:
// the first group is one range of an index however far down the name order it sits.

let test: TestCore;
let admin: Caller;
let eventId: string;

beforeAll(async () => {
  test = await startTestCore({}, 'registrations_search_order');
  admin = await setupAdmin(test);
  eventId = (await createEvent(admin, { maxAttendees: null })).id;
  await test.core.db.run(
    `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
     select $1, name, 'p' || n || '@example.org', 'CODE' || n,
            case when n % 9 = 0 then 'cancelled' else 'registered' end
       from (select n, case
               when n <= 20 then 'Chiara Rossi ' || (n % 7)
               when n <= 30 then 'CHIARA ROSSETTI ' || n
               when n <= 35 then 'chiara rossa'
               when n <= 41 then 'Anna Chiara Rossi ' || n
               when n <= 44 then 'Zoë Chiara Ross'
               when n <= 47 then 'Chiara Rosa ' || n
               else 'Aaron Other ' || n end as name
               from generate_series(1, 120) n) people`,
    [eventId],
  );
});

const search = 'chiara ross';

/** Every match in the order the list promises, straight from the table. */
async function expected(status?: string) {
  const rows = await test.core.db.many<{ id: string }>(
    `with m as (
       select id, attendee_name as name, lower(attendee_name) collate "C" as key,
              lower(attendee_name) like 'chiara ross%' as first
         from event_registrations
        where event_id = $1 and attendee_name ilike '%chiara ross%'
          and ($2::text is null or status = $2)
     )
     select id from m
      order by first desc, case when first then key end, case when first then id end, name, id`,
    [eventId, status ?? null],
  );
  return rows.map((row) => row.id);
}

describe('a search of an event’s attendees', () => {
  it('lists the names that start with it first, in any case, then the other matches', async () => {
    const page = await admin.ok('registrations.list', { eventId, search, limit: 100 });
    const names = page.items.map((r) => r.attendeeName);
    expect(page.items.map((r) => r.id)).toEqual(await expected());
    expect(page.total).toBe(44); // 35 start with it, 9 hold it further on
    expect(names.slice(0, 35).every((n) => n.toLowerCase().startsWith(search))).toBe(true);
    expect(names.slice(35, 41).every((n) => n.startsWith('Anna Chiara Rossi'))).toBe(true);
    expect(names.slice(41)).toEqual(['Zoë Chiara Ross', 'Zoë Chiara Ross', 'Zoë Chiara Ross']);
    expect(names).not.toContain('Chiara Rosa 45');
  });

  it('gives the same rows by cursor as by offset, across the two groups', async () => {
    for (const status of [undefined, 'registered'] as const) {
      const all = await expected(status);
      const byCursor: string[] = [];
      let after: string | undefined;
      for (let offset = 0; ; offset += 4) {
        const input = { eventId, search, status, limit: 4 };
        const next = await admin.ok('registrations.list', { ...input, after });
        const paged = await admin.ok('registrations.list', { ...input, offset });
        expect(next.items.map((r) => r.id)).toEqual(paged.items.map((r) => r.id));
        byCursor.push(...next.items.map((r) => r.id));
        if (!next.next) break;
        after = next.next;
      }
      expect(byCursor).toEqual(all);
    }
  });

  it('refuses a cursor of the list without a search, and one with a group it does not know', async () => {
    const plain = await admin.ok('registrations.list', { eventId, limit: 2 });
    const wrong = await admin.call('registrations.list', {
      eventId,
      search,
      limit: 2,
      after: plain.next!,
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const forged = Buffer.from(JSON.stringify([2, 'chiara', crypto.randomUUID()])).toString(
      'base64url',
    );
    const unknown = await admin.call('registrations.list', {
      eventId,
      search,
      limit: 2,
      after: forged,
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
