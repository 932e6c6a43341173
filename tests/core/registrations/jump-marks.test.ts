import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { marksFrom } from '../../../electron/core/registrations/jump-marks';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';

// A jump far down the attendee list (by offset, no cursor) is sought from marks read once per
// list; these tests hold every such page to the rows a plain offset gives, through the changes
// that make marks stale: new rows before the jump, renames, cancels, and a transaction that
// began before the marks were read and committed after.

const SIZE = 30_000;
const LIMIT = 50;

let test: TestCore;
let admin: Caller;
let eventId: string;

beforeAll(async () => {
  test = await startTestCore({}, 'registrations_jump_marks');
  admin = await setupAdmin(test);
  eventId = (await createEvent(admin, { maxAttendees: null })).id;
  // Names repeat (the id breaks ties), and every seventh attendee is cancelled.
  await test.core.db.run(
    `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
     select $1, 'Guest ' || (n * 7919 % 9973), 'g' || n || '@example.org', 'CODE' || n,
            case when n % 7 = 0 then 'cancelled' else 'registered' end
       from generate_series(1, $2::int) n`,
    [eventId, SIZE],
  );
});

/** A list's filter: each one's marks are read apart. */
interface Filter {
  status?: 'registered';
  ticketTypeId?: string;
}

/** The page straight from the table, by offset. */
async function expected(offset: number, { status, ticketTypeId }: Filter = {}) {
  const rows = await test.core.db.many<{ id: string }>(
    `select id from event_registrations
      where event_id = $1 and ($2::text is null or status = $2)
        and ($3::uuid is null or ticket_type_id = $3)
      order by attendee_name, id limit $4 offset $5`,
    [eventId, status ?? null, ticketTypeId ?? null, LIMIT, offset],
  );
  return rows.map((row) => row.id);
}

const jump = async (offset: number, filter: Filter = {}) =>
  (await admin.ok('registrations.list', { eventId, offset, limit: LIMIT, ...filter })).items.map(
    (row) => row.id,
  );

const offsets = [marksFrom, marksFrom + 1, 12_345, 20_999, 21_000, 29_950, 29_999, 30_000, 31_500];

async function expectJumpsExact(filter: Filter = {}) {
  for (const offset of offsets) {
    expect(await jump(offset, filter), `offset ${offset}`).toEqual(await expected(offset, filter));
  }
}

const ticketTypeId = async () => (await admin.ok('ticketTypes.list', { eventId }))[0]!.id;

describe('a jump far down the attendee list', () => {
  it('shows the rows an offset gives, with and without a filter', async () => {
    await expectJumpsExact();
    await expectJumpsExact({ status: 'registered' });
    // Asked again, from the marks now read.
    await expectJumpsExact();
  });

  it('follows new rows before it, renames and cancels', async () => {
    await test.core.db.run(
      `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       select $1, 'Aaron ' || n, 'a' || n || '@example.org', 'NEW' || n, 'registered'
         from generate_series(1, 3) n`,
      [eventId],
    );
    await expectJumpsExact();
    await test.core.db.run(
      `update event_registrations set attendee_name = 'Zed Last'
        where id = (select id from event_registrations where event_id = $1
                     order by attendee_name, id limit 1)`,
      [eventId],
    );
    await expectJumpsExact({ status: 'registered' });
    await test.core.db.run(
      `update event_registrations set status = 'cancelled'
        where id = (select id from event_registrations where event_id = $1 and status = 'registered'
                     order by attendee_name, id limit 1)`,
      [eventId],
    );
    await expectJumpsExact({ status: 'registered' });
    // A list first shown after the changes reads its marks as its top is shown.
    const filter = { ticketTypeId: await ticketTypeId() };
    await admin.ok('registrations.list', { eventId, limit: LIMIT, ...filter });
    await expectJumpsExact(filter);
  });

  it('sees a transaction that began before its marks were read and committed after', async () => {
    const client = new pg.Client({ connectionString: test.database.url });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(
        `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
         values ($1, 'Aaa Early', 'early@example.org', 'EARLY1', 'registered')`,
        [eventId],
      );
      // A list the process has no marks for yet: they are read while the insert is in flight.
      const filter: Filter = { status: 'registered', ticketTypeId: await ticketTypeId() };
      const before = await jump(15_000, filter);
      expect(before).toEqual(await expected(15_000, filter));
      await client.query('commit');
      const after = await jump(15_000, filter);
      expect(after).toEqual(await expected(15_000, filter));
      expect(after).not.toEqual(before);
    } finally {
      await client.end();
    }
  });
});
