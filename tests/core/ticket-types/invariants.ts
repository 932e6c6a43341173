import { expect } from 'vitest';
import type { Caller, TestCore } from '../../support/core';

interface TypeRow {
  id: string;
  capacity: number | null;
  registeredCount: number;
  waitlistedCount: number;
  registered: number;
  waitlisted: number;
}

/**
 * What must hold for an event and its ticket types after any mix of changes: counters equal the
 * rows they count, no type and not the event oversold, nobody waiting whom a free seat could
 * serve, and each type's waitlist places are 1..n in arrival order.
 */
export async function typeInvariants(test: TestCore, caller: Caller, eventId: string) {
  const event = (await test.core.db.one<{
    max: number | null;
    registeredCount: number;
    waitlistedCount: number;
  }>(
    `select max_attendees as max, registered_count as "registeredCount",
            waitlisted_count as "waitlistedCount" from events where id = $1`,
    [eventId],
  ))!;
  const types = await test.core.db.many<TypeRow>(
    `select t.id, t.capacity, t.registered_count as "registeredCount",
            t.waitlisted_count as "waitlistedCount",
            count(r.id) filter (where r.status = 'registered')::int as registered,
            count(r.id) filter (where r.status = 'waitlisted')::int as waitlisted
       from ticket_types t left join event_registrations r on r.ticket_type_id = t.id
      where t.event_id = $1 group by t.id`,
    [eventId],
  );
  const registered = types.reduce((sum, type) => sum + type.registered, 0);
  const waitlisted = types.reduce((sum, type) => sum + type.waitlisted, 0);
  expect({ registered, waitlisted }).toEqual({
    registered: event.registeredCount,
    waitlisted: event.waitlistedCount,
  });
  const eventFull = event.max !== null && registered >= event.max;
  if (event.max !== null) expect(registered).toBeLessThanOrEqual(event.max);
  for (const type of types) {
    expect({ registered: type.registeredCount, waitlisted: type.waitlistedCount }).toEqual({
      registered: type.registered,
      waitlisted: type.waitlisted,
    });
    if (type.capacity !== null) expect(type.registered).toBeLessThanOrEqual(type.capacity);
    const typeFull = type.capacity !== null && type.registered >= type.capacity;
    if (type.waitlisted > 0) expect(eventFull || typeFull).toBe(true);
  }
  // The places the app shows, in a list and one by one, against arrival order per type.
  const ranks = await test.core.db.many<{ id: string; rank: number }>(
    `select r.id, (row_number() over (partition by r.ticket_type_id order by r.seq))::int as rank
       from event_registrations r where r.event_id = $1 and r.status = 'waitlisted'`,
    [eventId],
  );
  const rankOf = new Map(ranks.map((row) => [row.id, row.rank]));
  const listed = await caller.ok('registrations.list', {
    eventId,
    status: 'waitlisted',
    limit: 500,
  });
  expect(listed.items).toHaveLength(ranks.length);
  for (const item of listed.items) expect(item.waitlistPosition).toBe(rankOf.get(item.id));
  for (const { id, rank } of ranks.slice(0, 5)) {
    expect((await caller.ok('registrations.get', { id })).waitlistPosition).toBe(rank);
  }
  return { registered, waitlisted, types };
}
