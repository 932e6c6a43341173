import { beforeAll, describe, expect, it } from 'vitest';
import { registrationCountCap } from '@shared/contract/registrations';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';

let test: TestCore;
let admin: Caller;
let eventId: string;
// More than the count cap, so totals of broad searches are capped; names repeat, so the order
// needs the id to be stable.
const attendees = registrationCountCap + 500;

beforeAll(async () => {
  test = await startTestCore({}, 'registrations_list');
  admin = await setupAdmin(test);
  eventId = (await createEvent(admin, { maxAttendees: null })).id;
  await test.core.db.run(
    `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
     select $1, 'Person ' || (n % 700), 'p' || n || '@example.org', 'CODE' || n,
            case when n % 50 = 0 then 'cancelled' else 'registered' end
       from generate_series(1, $2::int) n`,
    [eventId, attendees],
  );
  await test.core.db.run(
    `update events set registered_count =
       (select count(*) from event_registrations where event_id = $1 and status = 'registered')
      where id = $1`,
    [eventId],
  );
});

type ListInput = { search?: string; status?: 'cancelled'; limit: number };

/** Every page of a query, following `next`. */
async function walk(input: ListInput) {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await admin.ok('registrations.list', { eventId, ...input, after });
    ids.push(...page.items.map((r) => r.id));
    if (!page.next) return ids;
    expect(page.items).toHaveLength(input.limit);
    after = page.next;
  }
}

describe('registrations.list at size', () => {
  it('walks every attendee once, in (name, id) order, by cursor', async () => {
    const expected = await test.core.db.many<{ id: string }>(
      `select id from event_registrations where event_id = $1 and attendee_name like 'Person 1%'
        order by attendee_name, id`,
      [eventId],
    );
    const ids = await walk({ search: 'Person 1', limit: 137 });
    expect(ids).toEqual(expected.map((r) => r.id));
  });

  it('gives the same rows by cursor as by offset', async () => {
    const first = await admin.ok('registrations.list', { eventId, limit: 200 });
    const byOffset = await admin.ok('registrations.list', { eventId, limit: 200, offset: 200 });
    const byCursor = await admin.ok('registrations.list', {
      eventId,
      limit: 200,
      after: first.next!,
    });
    expect(byCursor.items).toEqual(byOffset.items);
  });

  it('counts exactly from the counters, and caps the count of a broad search', async () => {
    const cancelled = Math.floor(attendees / 50);
    const all = await admin.ok('registrations.list', { eventId, limit: 1 });
    expect(all).toMatchObject({ total: attendees, totalCapped: false });
    const gone = await admin.ok('registrations.list', { eventId, status: 'cancelled', limit: 1 });
    expect(gone).toMatchObject({ total: cancelled, totalCapped: false });
    const broad = await admin.ok('registrations.list', { eventId, search: 'person', limit: 1 });
    expect(broad).toMatchObject({ total: registrationCountCap, totalCapped: true });
    const narrow = await admin.ok('registrations.list', { eventId, search: 'p77@', limit: 5 });
    expect(narrow).toMatchObject({ total: 1, totalCapped: false, next: null });
  });

  it('walks a broad search (more matches than the cap) by cursor too', async () => {
    const expected = await test.core.db.many<{ id: string }>(
      `select id from event_registrations where event_id = $1 and status = 'cancelled'
        order by attendee_name, id`,
      [eventId],
    );
    const ids = await walk({ search: 'person', status: 'cancelled', limit: 50 });
    expect(ids).toEqual(expected.map((r) => r.id));
    const page = await admin.ok('registrations.list', { eventId, search: 'person', limit: 400 });
    const next = await admin.ok('registrations.list', {
      eventId,
      search: 'person',
      limit: 400,
      after: page.next!,
    });
    const byOffset = await admin.ok('registrations.list', {
      eventId,
      search: 'person',
      limit: 400,
      offset: 400,
    });
    expect(page.totalCapped).toBe(true);
    expect(next.items).toEqual(byOffset.items);
    // Deep in a broad search the walk of the name index gives up and the matches are sorted.
    const tail = await admin.ok('registrations.list', {
      eventId,
      search: 'person',
      limit: 400,
      offset: 10_300,
    });
    const last = await test.core.db.many<{ id: string }>(
      `select id from event_registrations where event_id = $1 order by attendee_name, id offset 10300`,
      [eventId],
    );
    expect(tail.items.map((r) => r.id)).toEqual(last.map((r) => r.id));
    expect(tail.next).toBeNull();
  });

  it('shows each waitlisted attendee its place in the queue', async () => {
    const small = await createEvent(admin, { maxAttendees: 5 });
    const csv = Array.from({ length: 30 }, (_, i) => `Guest ${29 - i},g${i}@example.org`).join(
      '\n',
    );
    await admin.ok('registrations.import', { eventId: small.id, csv });
    const page = await admin.ok('registrations.list', {
      eventId: small.id,
      status: 'waitlisted',
      limit: 50,
    });
    // "Guest k" arrived (29 - k)th; the first five took the seats.
    expect(page.items).toHaveLength(25);
    for (const item of page.items) {
      const k = Number(item.attendeeName.split(' ')[1]);
      expect(item.waitlistPosition).toBe(25 - k);
    }
  });

  it('refuses a cursor it did not make, and a cursor with an offset', async () => {
    const forged = Buffer.from(JSON.stringify(["x' or 1=1", 'nope'])).toString('base64url');
    for (const input of [
      { eventId, limit: 5, after: forged },
      { eventId, limit: 5, after: 'not base64 json' },
      { eventId, limit: 5, after: forged, offset: 5 },
    ]) {
      const result = await admin.call('registrations.list', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
  });
});
