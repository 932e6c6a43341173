import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DoorTransport } from '../../../../electron/core/door/device/types';
import {
  addAttendees,
  checkedInCount,
  checkInsOf,
  createEvent,
  openDevice,
  startDoorWorld,
  switchable,
  type DoorWorld,
} from '../fixtures';

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_replica');
});

const rename = (id: string, name: string) =>
  world.test.core.db.run('update event_registrations set attendee_name = $2 where id = $1', [
    id,
    name,
  ]);

describe('keeping the replica current', () => {
  it('does not miss a change whose transaction commits after a later one', async () => {
    const eventId = await createEvent(world.test.core.db);
    const [early, late, third] = await addAttendees(world.test.core.db, eventId, 3);
    const device = openDevice(world, 'cursor', switchable(world.door).transport);
    await device.prepare(eventId);

    const slowWriter = new pg.Client({ connectionString: world.test.database.url });
    await slowWriter.connect();
    try {
      await slowWriter.query('begin');
      await slowWriter.query('update event_registrations set attendee_name = $2 where id = $1', [
        early!.id,
        'Started First',
      ]);
      const slowCheckIn = new pg.Client({ connectionString: world.test.database.url });
      await slowCheckIn.connect();
      await slowCheckIn.query('begin');
      await slowCheckIn.query(
        `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
         values ($1, $2, now(), 'elsewhere', gen_random_uuid())`,
        [third!.id, eventId],
      );
      await rename(late!.id, 'Committed First');
      await device.sync();
      expect(device.scan(late!.ticketCode)).toMatchObject({
        attendee: { name: 'Committed First' },
      });
      await slowWriter.query('commit');
      await slowCheckIn.query('commit');
      await slowCheckIn.end();
    } finally {
      await slowWriter.end();
    }
    await device.sync();
    expect(device.search('Started First').map((hit) => hit.id)).toEqual([early!.id]);
    expect(device.scan(third!.ticketCode)).toMatchObject({
      verdict: 'already_checked_in',
      previous: { deviceId: 'elsewhere' },
    });
  });

  it('sends nothing again while some other transaction stays open for long', async () => {
    const longRunner = new pg.Client({ connectionString: world.test.database.url });
    await longRunner.connect();
    try {
      await longRunner.query('begin');
      await longRunner.query('select pg_current_xact_id()');
      const eventId = await createEvent(world.test.core.db);
      const [guest] = await addAttendees(world.test.core.db, eventId, 30);
      const device = openDevice(world, 'long-runner', switchable(world.door).transport);
      await device.prepare(eventId);
      expect(await device.sync()).toMatchObject({ online: true, pulled: 0 });
      await rename(guest!.id, 'Only Me');
      expect(await device.sync()).toMatchObject({ pulled: 1 });
      expect(await device.sync()).toMatchObject({ pulled: 0 });
    } finally {
      await longRunner.end();
    }
  });

  it('prepares in pages while the server changes, resumes a cut download, and ends equal', async () => {
    const eventId = await createEvent(world.test.core.db);
    const guests = await addAttendees(world.test.core.db, eventId, 60);
    const net = switchable(world.door);
    let snapshots = 0;
    const cursors: (string | undefined)[] = [];
    const busy: DoorTransport = async (channel, input) => {
      const answer = await net.transport(channel, input);
      if (channel === 'door.snapshot') {
        snapshots += 1;
        cursors.push((input as { cursor?: string }).cursor);
        await rename(guests[(snapshots * 17) % guests.length]!.id, `Renamed ${snapshots}`);
        if (snapshots === 3) net.offline = true;
      }
      return answer;
    };
    const device = openDevice(world, 'pages', busy, { sync: { pageSize: 7 } });
    const progress: number[] = [];
    await expect(device.prepare(eventId, (p) => progress.push(p.loaded))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(progress).toEqual([7, 14, 21]);
    expect(device.status().eventId).toBeNull();

    net.offline = false;
    await device.prepare(eventId, (p) => progress.push(p.total));
    // Resumed where the cut left it, not from the start.
    expect(cursors.filter((cursor) => cursor === undefined)).toHaveLength(1);
    expect(progress.at(-1)).toBe(60);
    await device.sync();

    const server = await world.test.core.db.many<{ ticket_code: string; attendee_name: string }>(
      'select ticket_code, attendee_name from event_registrations where event_id = $1',
      [eventId],
    );
    for (const row of server) {
      expect(device.scan(row.ticket_code)).toMatchObject({ attendee: { name: row.attendee_name } });
    }
  });
});

describe('a first download', () => {
  it('starts over from a scratch file it cannot read, ends equal and leaves no scratch file', async () => {
    const eventId = await createEvent(world.test.core.db);
    const guests = await addAttendees(world.test.core.db, eventId, 30);
    const scratch = join(world.dir, 'scratch.sqlite.prepare');
    writeFileSync(scratch, Buffer.alloc(8192, 0x5a));
    const device = openDevice(world, 'scratch', switchable(world.door).transport, {
      sync: { pageSize: 7 },
    });
    await device.prepare(eventId);
    expect(existsSync(scratch)).toBe(false);
    for (const guest of guests) {
      const scan = device.scan(guest.ticketCode);
      expect(scan).toMatchObject({ verdict: 'valid', attendee: { id: guest.id } });
      const name = 'attendee' in scan ? scan.attendee.name : '';
      expect(device.search(name).map((hit) => hit.id)).toContain(guest.id);
    }
  });
});

describe('check-ins made before a first download', () => {
  it('arrive apart from their attendees, in the order the server applied them', async () => {
    const { db } = world.test.core;
    const eventId = await createEvent(db);
    const guests = await addAttendees(db, eventId, 30);
    const checkIn = (index: number, deviceId: string) =>
      db.run(
        `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
         values ($1, $2, now(), $3, gen_random_uuid())`,
        [guests[index]!.id, eventId, deviceId],
      );
    for (let i = 0; i < 30; i += 3) await checkIn(i, 'door-1');
    await checkIn(4, 'door-first');
    await checkIn(4, 'door-second');
    const device = openDevice(world, 'checked', switchable(world.door).transport, {
      sync: { pageSize: 4 },
    });
    await device.prepare(eventId);
    guests.forEach((guest, i) => {
      const expected =
        i % 3 === 0
          ? { verdict: 'already_checked_in', previous: { deviceId: 'door-1' } }
          : i === 4
            ? { verdict: 'already_checked_in', previous: { deviceId: 'door-first' } }
            : { verdict: 'valid' };
      expect(device.scan(guest.ticketCode)).toMatchObject(expected);
    });
  });
});

describe('a registration moving while it downloads', () => {
  it('keeps the latest copy of one sent twice, and gets one it skipped with the next pull', async () => {
    const { db } = world.test.core;
    const eventId = await createEvent(db);
    const guests = await addAttendees(db, eventId, 20);
    // The first download walks by status, then by order of writing: cancelled ones come first.
    const [early] = await addAttendees(db, eventId, 1, 'cancelled');
    const [late] = await addAttendees(db, eventId, 1, 'waitlisted');
    const setStatus = (id: string, status: string) =>
      db.run('update event_registrations set status = $2 where id = $1', [id, status]);
    const net = switchable(world.door);
    let pages = 0;
    const moving: DoorTransport = async (channel, input) => {
      const answer = await net.transport(channel, input);
      if (channel === 'door.snapshot' && ++pages === 1) {
        // Sent on the first page, then back further down the walk: sent again.
        await setStatus(early!.id, 'registered');
        // Not sent yet, then behind the walk: the next pull brings it.
        await setStatus(late!.id, 'cancelled');
      }
      return answer;
    };
    const device = openDevice(world, 'moving', moving, { sync: { pageSize: 7 } });
    await device.prepare(eventId);
    expect(device.scan(early!.ticketCode)).toMatchObject({ verdict: 'valid' });
    await device.sync();
    expect(device.scan(late!.ticketCode)).toMatchObject({ verdict: 'cancelled' });
    for (const guest of guests) {
      expect(device.scan(guest.ticketCode)).toMatchObject({ verdict: 'valid' });
    }
  });
});

describe('at the door', () => {
  it('finds people by any prefix of their name or email, accents or not', async () => {
    const eventId = await createEvent(world.test.core.db);
    await addAttendees(world.test.core.db, eventId, 20);
    await world.test.core.db.run(
      `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       values ($1, 'Zoë Ångström', 'zoe.a@example.org', 'T-ZOE', 'registered')`,
      [eventId],
    );
    const device = openDevice(world, 'search', switchable(world.door).transport);
    await device.prepare(eventId);
    expect(device.search('zoe ang').map((hit) => hit.ticketCode)).toEqual(['T-ZOE']);
    expect(device.search('zoe.a@exam').map((hit) => hit.ticketCode)).toEqual(['T-ZOE']);
    expect(device.search('Guest 1').length).toBeGreaterThan(1);
    expect(device.search('"*) OR name:')).toEqual([]);
    expect(device.search('   ')).toEqual([]);

    const [hit] = device.search('zoe');
    expect(device.admit(hit!.id).verdict).toBe('valid');
    expect(device.search('zoe')[0]!.checkIn).toMatchObject({ pending: true, deviceId: 'search' });
  });

  it('tells a ticket of another prepared event and an unknown one apart', async () => {
    const first = await createEvent(world.test.core.db, 'Morning talk');
    const second = await createEvent(world.test.core.db, 'Evening talk');
    const [morning] = await addAttendees(world.test.core.db, first, 1);
    const device = openDevice(world, 'two-events', switchable(world.door).transport);
    await device.prepare(first);
    await device.prepare(second);
    expect(device.status().eventId).toBe(second);
    expect(device.scan(morning!.ticketCode)).toMatchObject({
      verdict: 'wrong_event',
      eventTitle: 'Morning talk',
    });
    expect(device.scan('  NOBODY  ')).toEqual({ verdict: 'unknown', code: 'NOBODY' });
  });

  it('undoes a check-in within two minutes, and only then', async () => {
    const eventId = await createEvent(world.test.core.db);
    const [guest, other] = await addAttendees(world.test.core.db, eventId, 2);
    let clock = Date.parse('2030-06-01T18:00:00Z');
    const device = openDevice(world, 'undo', switchable(world.door).transport, {
      now: () => new Date(clock),
    });
    await device.prepare(eventId);

    const scan = device.scan(guest!.ticketCode);
    if (scan.verdict !== 'valid') throw new Error(`unexpected ${scan.verdict}`);
    await device.sync();
    expect(await checkedInCount(world.test.core.db, eventId)).toBe(1);
    clock += 90_000;
    device.undo(scan.checkInId);
    expect(device.scan(guest!.ticketCode).verdict).toBe('valid');
    expect(() => device.undo(scan.checkInId)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => device.undo('8d1ab5a4-9a2c-4c39-9e38-38a1a3a5e0b1')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );

    const late = device.scan(other!.ticketCode);
    clock += 120_001;
    expect(() => late.verdict === 'valid' && device.undo(late.checkInId)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(await device.sync()).toMatchObject({ pending: 0 });
    const rows = await checkInsOf(world.test.core.db, eventId);
    expect(rows).toHaveLength(3);
    expect(await checkedInCount(world.test.core.db, eventId)).toBe(2);
    const reverted = await world.test.core.db.many<{ nonce: string }>(
      'select nonce from check_ins where event_id = $1 and reverted_at is not null',
      [eventId],
    );
    expect(reverted).toEqual([{ nonce: scan.checkInId }]);
  });
});
