import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportTarget } from '@shared/contract/import-mapping';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';
import { questionInput } from '../questions/fixtures';

// The import's ticket type and question columns: each row is decided and validated as registering
// that person by hand would be.

let test: TestCore;
let admin: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'registrations_import_data');
  admin = await setupAdmin(test);
});

/** An event selling General admission (renamed Standard, unlimited) and VIP with `vip` seats. */
async function twoTypes(maxAttendees: number | null, vip: number | null) {
  const event = await createEvent(admin, { maxAttendees });
  const [general] = await admin.ok('ticketTypes.list', { eventId: event.id });
  const standard = await admin.ok('ticketTypes.update', {
    id: general!.id,
    version: general!.version,
    name: 'Standard',
    capacity: null,
  });
  const vipType = await admin.ok('ticketTypes.create', {
    eventId: event.id,
    name: 'VIP',
    capacity: vip,
  });
  return { event, standard, vip: vipType };
}

/** Each registration of the event, in arrival order: name, type name, status, waitlist place. */
async function outcome(eventId: string) {
  return test.core.db.many<{ name: string; type: string; status: string; place: number | null }>(
    `select r.attendee_name as name, t.name as type, r.status,
            case when r.status = 'waitlisted' then
              (select count(*)::int from event_registrations w
                where w.ticket_type_id = r.ticket_type_id and w.status = 'waitlisted'
                  and w.seq <= r.seq) end as place
       from event_registrations r join ticket_types t on t.id = r.ticket_type_id
      where r.event_id = $1 and r.attendee_name like 'P%' order by r.seq`,
    [eventId],
  );
}

const counters = async (eventId: string) => ({
  event: await test.core.db.one(
    'select registered_count as registered, waitlisted_count as waitlisted from events where id = $1',
    [eventId],
  ),
  types: await test.core.db.many<{
    name: string;
    registered: number;
    waitlisted: number;
    registeredRows: number;
    waitlistedRows: number;
  }>(
    `select name, registered_count as registered, waitlisted_count as waitlisted,
            (select count(*)::int from event_registrations r
              where r.ticket_type_id = t.id and r.status = 'registered') as "registeredRows",
            (select count(*)::int from event_registrations r
              where r.ticket_type_id = t.id and r.status = 'waitlisted') as "waitlistedRows"
       from ticket_types t where event_id = $1 order by position`,
    [eventId],
  ),
});

describe('import: ticket type column', () => {
  it('fills two types differently, exactly as registering the same people one by one', async () => {
    // Event of 6: VIP has 2 seats and already one person waiting for it (so no imported VIP is
    // seated ahead of them); Standard fills the event's remaining seats.
    const types = [
      'vip',
      'Standard',
      'VIP',
      'standard',
      '',
      'Standard',
      'VIP',
      'Standard',
      'standard',
      'Vip',
    ];
    const setUp = async () => {
      const world = await twoTypes(6, 2);
      const seat = (name: string, typeId: string) =>
        admin.ok('registrations.register', {
          eventId: world.event.id,
          name,
          email: `${name.toLowerCase()}@example.org`,
          ticketTypeId: typeId,
        });
      await seat('Early1', world.vip.id);
      await seat('Early2', world.vip.id);
      await seat('Early3', world.vip.id); // waits for VIP
      return world;
    };
    const imported = await setUp();
    const csv = [
      'Who,Mail,Ticket',
      ...types.map((type, i) => `P${i + 1},p${i + 1}@example.org,${type}`),
    ].join('\n');
    const result = await admin.ok('registrations.import', {
      eventId: imported.event.id,
      csv,
      map: { Who: 'name', Mail: 'email', Ticket: 'ticketType' },
    });
    const byHand = await setUp();
    for (const [i, type] of types.entries()) {
      const typeId = type.toLowerCase().startsWith('v') ? byHand.vip.id : byHand.standard.id;
      await admin.ok('registrations.register', {
        eventId: byHand.event.id,
        name: `P${i + 1}`,
        email: `p${i + 1}@example.org`,
        ticketTypeId: typeId,
      });
    }
    const expected = await outcome(byHand.event.id);
    expect(await outcome(imported.event.id)).toEqual(expected);
    // The event had 4 seats left, all Standard: P2, P4, P5 and P6; VIP waits behind Early3.
    expect(expected.filter((row) => row.status === 'registered').map((row) => row.name)).toEqual([
      'P2',
      'P4',
      'P5',
      'P6',
    ]);
    expect(expected.find((row) => row.name === 'P10')).toMatchObject({ type: 'VIP', place: 5 });
    expect(result).toEqual({ registered: 4, waitlisted: 6, rejected: [] });
    const [importedCounts, byHandCounts] = [
      await counters(imported.event.id),
      await counters(byHand.event.id),
    ];
    expect(importedCounts).toEqual(byHandCounts);
    for (const type of importedCounts.types) {
      expect(type).toMatchObject({
        registered: type.registeredRows,
        waitlisted: type.waitlistedRows,
      });
    }
    // The audit row is the registration the app shows, waitlist place included.
    const list = await admin.ok('registrations.list', { eventId: imported.event.id, limit: 100 });
    for (const shown of list.items.filter((r) => r.attendeeName.startsWith('P'))) {
      const audit = await test.core.db.one<{ after: unknown }>(
        `select after from audit_log where entity_id = $1 and action = 'registrations.import'`,
        [shown.id],
      );
      expect(audit?.after).toEqual(shown);
    }
  });

  it('seats no one of a type that has room while someone of that type already waits', async () => {
    // Event of 2, both types unlimited: Early1 (VIP) and Early2 (Standard) take the seats and
    // Early3 waits for VIP. Then the event gets 4 more seats without the promotion the app
    // would run (as an older desktop or a restore may leave it): VIP and the event have room, yet
    // Early3 was first, so no imported VIP is seated ahead of them; Standard rows are.
    const setUp = async () => {
      const world = await twoTypes(2, null);
      for (const [name, typeId] of [
        ['Early1', world.vip.id],
        ['Early2', world.standard.id],
        ['Early3', world.vip.id],
      ] as const) {
        await admin.ok('registrations.register', {
          eventId: world.event.id,
          name,
          email: `${name.toLowerCase()}@example.org`,
          ticketTypeId: typeId,
        });
      }
      await test.core.db.run('update events set max_attendees = 6 where id = $1', [world.event.id]);
      return world;
    };
    const types = ['VIP', 'Standard', 'VIP', 'Standard'];
    const imported = await setUp();
    const result = await admin.ok('registrations.import', {
      eventId: imported.event.id,
      csv: ['Who,Mail,Ticket', ...types.map((type, i) => `P${i + 1},p${i + 1}@x.org,${type}`)].join(
        '\n',
      ),
      map: { Who: 'name', Mail: 'email', Ticket: 'ticketType' },
    });
    expect(result).toEqual({ registered: 2, waitlisted: 2, rejected: [] });
    const expected = [
      { name: 'P1', type: 'VIP', status: 'waitlisted', place: 2 },
      { name: 'P2', type: 'Standard', status: 'registered', place: null },
      { name: 'P3', type: 'VIP', status: 'waitlisted', place: 3 },
      { name: 'P4', type: 'Standard', status: 'registered', place: null },
    ];
    expect(await outcome(imported.event.id)).toEqual(expected);
    // Registering the same people one by one from the same state decides the same.
    const byHand = await setUp();
    for (const [i, type] of types.entries()) {
      await admin.ok('registrations.register', {
        eventId: byHand.event.id,
        name: `P${i + 1}`,
        email: `p${i + 1}@x.org`,
        ticketTypeId: type === 'VIP' ? byHand.vip.id : byHand.standard.id,
      });
    }
    expect(await outcome(byHand.event.id)).toEqual(expected);
  });

  it('seats a type while it has room when the event is unlimited', async () => {
    const { event } = await twoTypes(null, 1);
    const csv = ['Name,Email,Type', 'P1,p1@x.org,VIP', 'P2,p2@x.org,VIP', 'P3,p3@x.org,'].join(
      '\n',
    );
    const result = await admin.ok('registrations.import', {
      eventId: event.id,
      csv,
      map: { Name: 'name', Email: 'email', Type: 'ticketType' },
    });
    expect(result).toEqual({ registered: 2, waitlisted: 1, rejected: [] });
    expect(await outcome(event.id)).toEqual([
      { name: 'P1', type: 'VIP', status: 'registered', place: null },
      { name: 'P2', type: 'VIP', status: 'waitlisted', place: 1 },
      { name: 'P3', type: 'Standard', status: 'registered', place: null },
    ]);
  });

  it('rejects a line naming a type the event does not sell, importing the others', async () => {
    const { event } = await twoTypes(null, null);
    const csv = ['Name,Email,Type', 'P1,p1@x.org,Backstage', 'P2,p2@x.org, vip '].join('\n');
    const result = await admin.ok('registrations.import', {
      eventId: event.id,
      csv,
      map: { Name: 'name', Email: 'email', Type: 'ticketType' },
    });
    expect(result).toEqual({
      registered: 1,
      waitlisted: 0,
      rejected: [
        { line: 2, reason: `Ticket type: "Backstage" is not one of this event's (Standard, VIP)` },
      ],
    });
    expect(await outcome(event.id)).toMatchObject([{ name: 'P2', type: 'VIP' }]);
  });
});

describe('import: question columns', () => {
  async function conference() {
    const world = await twoTypes(null, null);
    const diet = await admin.ok(
      'questions.create',
      questionInput(world.event.id, {
        key: 'diet',
        label: 'Diet',
        kind: 'singleChoice',
        choices: ['none', 'vegetarian', 'vegan'],
      }),
    );
    const table = await admin.ok(
      'questions.create',
      questionInput(world.event.id, {
        key: 'table',
        label: 'VIP table',
        kind: 'number',
        required: true,
        min: 1,
        max: 20,
        ticketTypeIds: [world.vip.id],
      }),
    );
    const chair = await admin.ok(
      'questions.create',
      questionInput(world.event.id, { key: 'chair', label: 'Wheelchair', kind: 'yesNo' }),
    );
    return { ...world, diet, table, chair };
  }
  const map: Record<string, ImportTarget> = {
    Name: 'name',
    Email: 'email',
    Type: 'ticketType',
    Diet: 'question:diet',
    Table: 'question:table',
    Chair: 'question:chair',
  };

  it('stores answers read as people type them, and rejects lines whose answers are not valid', async () => {
    const { event, diet, table, chair } = await conference();
    const csv = [
      'Name,Email,Type,Diet,Table,Chair',
      'P1,p1@x.org,VIP,Vegetarian,7,yes',
      'P2,p2@x.org,Standard,,,no',
      'P3,p3@x.org,VIP,vegan,,',
      'P4,p4@x.org,Standard,fish,,',
      'P5,p5@x.org,Standard,none,4,',
      'P6,p6@x.org,VIP,none,21,',
      'P7,p7@x.org,Standard,none,,maybe',
    ].join('\n');
    const result = await admin.ok('registrations.import', { eventId: event.id, csv, map });
    expect(result).toEqual({
      registered: 2,
      waitlisted: 0,
      rejected: [
        { line: 4, reason: 'VIP table: This question is required' },
        { line: 5, reason: 'Diet: Choose one of the options' },
        { line: 6, reason: 'VIP table: This question is not asked for this ticket type' },
        { line: 7, reason: 'VIP table: At most 20' },
        { line: 8, reason: 'Wheelchair: Answer yes or no' },
      ],
    });
    const list = await admin.ok('registrations.list', { eventId: event.id });
    const answersOf = async (name: string) => {
      const registration = list.items.find((r) => r.attendeeName === name)!;
      return (await admin.ok('answers.get', { registrationId: registration.id })).answers;
    };
    expect(await answersOf('P1')).toEqual({
      [diet.id]: 'vegetarian',
      [table.id]: 7,
      [chair.id]: true,
    });
    expect(await answersOf('P2')).toEqual({ [chair.id]: false });
  });

  it('holds every line to required questions even when the file has no column for them', async () => {
    const { event } = await conference();
    const csv = ['Name,Email,Type', 'P1,p1@x.org,VIP', 'P2,p2@x.org,Standard'].join('\n');
    const result = await admin.ok('registrations.import', {
      eventId: event.id,
      csv,
      map: { Name: 'name', Email: 'email', Type: 'ticketType' },
    });
    expect(result).toEqual({
      registered: 1,
      waitlisted: 0,
      rejected: [{ line: 2, reason: 'VIP table: This question is required' }],
    });
  });

  it('refuses, importing nothing, a mapping naming a question the event does not ask', async () => {
    const { event } = await conference();
    const result = await admin.call('registrations.import', {
      eventId: event.id,
      csv: 'Name,Email,Shirt\nP1,p1@x.org,L',
      map: { Name: 'name', Email: 'email', Shirt: 'question:shirt' },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: {
          map: 'This event asks no question with the key "shirt" (its keys: diet, table, chair)',
        },
      },
    });
    expect(await outcome(event.id)).toEqual([]);
  });
});
