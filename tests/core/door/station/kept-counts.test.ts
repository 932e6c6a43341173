import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDoorDevice, type DoorDevice } from '../../../../electron/core/door/device/device';
import { openReplicaSummary } from '../../../../electron/core/door/station/replica-summary';
import {
  occupancyAt,
  type MoveCount,
} from '../../../../electron/core/door/station/station-occupancy';
import { withoutKeptCounts } from '../older-schema';
import { pointInput } from '../../../support/points';
import { createEvent } from '../../../support/events';
import { openDevice, startDoorWorld, switchable, type DoorWorld } from '../fixtures';

// The station shows how many people are checked in and inside after every call. It keeps those
// counts as the server's check-ins come and go (the device file's server_moves and
// server_checked_in, schema step 6) instead of counting every check-in each time. Whatever brings
// or takes away a check-in (a prepare, a pull, an upload's answer, an undo, a second entry the
// server flags, a transfer, a file upgraded from before the counts), they stay what counting all
// the rows gives.

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_kept_counts');
});

/** The counts from every row of the file, as the station counted them before it kept them. */
function countedFromRows(file: string, eventId: string) {
  const db = new Database(file, { readonly: true });
  try {
    const undone = `select check_in_nonce from outbox where kind = 'revert' and sent_at is null`;
    const checkedIn = db
      .prepare<[string, string], number>(
        `select count(distinct registration_id) from (
           select s.registration_id, s.nonce from server_checkins s
             join attendees a on a.id = s.registration_id where a.event_id = ?
           union all
           select registration_id, nonce from outbox
            where kind = 'checkIn' and sent_at is null and event_id = ?)
          where nonce not in (${undone})`,
      )
      .pluck()
      .get(eventId, eventId)!;
    const moves = db
      .prepare<[string, string], MoveCount>(
        `select pointId, direction, count(*) as n from (
           select s.nonce, s.point_id as pointId, s.direction from server_checkins s
             join attendees a on a.id = s.registration_id
            where a.event_id = ? and s.forced_reason is not 'already_checked_in'
           union all
           select nonce, point_id, direction from outbox
            where kind = 'checkIn' and sent_at is null and event_id = ?)
          where nonce not in (${undone})
          group by 1, 2`,
      )
      .all(eventId, eventId);
    return { checkedIn, moves };
  } finally {
    db.close();
  }
}

/** A festival with a gate that records exits and lets people back in, and six guests. */
async function festival() {
  const { admin } = world;
  const event = await createEvent(admin);
  const gate = await admin.ok('points.create', {
    eventId: event.id,
    point: pointInput({ name: 'Gate', recordsExits: true, allowReentry: true }),
  });
  const guests = [];
  for (const name of ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald']) {
    const { registration } = await admin.ok('registrations.register', {
      eventId: event.id,
      name: `${name} Guest`,
      email: `${name.toLowerCase()}@example.org`,
    });
    guests.push(registration);
  }
  return { event, gate, guests };
}

let opened = 0;
function device(): { device: DoorDevice; file: string } {
  const name = `counts-${++opened}`;
  return {
    device: openDevice(world, name, switchable(world.door).transport),
    file: join(world.dir, `${name}.sqlite`),
  };
}

/** What the station shows equals what counting every row gives; returns what it shows. */
function expectKeptCounts(station: { device: DoorDevice; file: string }, eventId: string) {
  const summary = openReplicaSummary(station.file);
  try {
    const at = station.device.stationPoint()!;
    const shown = summary.event(eventId, at)!;
    const fromRows = countedFromRows(station.file, eventId);
    expect(shown.checkedIn).toBe(fromRows.checkedIn);
    expect(shown.occupancy).toEqual(occupancyAt(at.points, fromRows.moves, null));
    return shown;
  } finally {
    summary.close();
  }
}

describe('the counts a station keeps', () => {
  it('stay what counting every check-in gives, through prepare, pulls, uploads, undos and flags', async () => {
    const { event, gate, guests } = await festival();
    const [ada, alan, grace, edsger, barbara, donald] = guests as [
      (typeof guests)[number],
      ...(typeof guests)[number][],
    ];
    const other = device();
    await other.device.prepare(event.id);
    other.device.setPoint(gate.id, 'in');
    for (const guest of [ada, alan, grace]) other.device.scan(guest!.ticketCode);
    await other.device.sync();

    // Prepared with check-ins on the server already.
    const station = device();
    await station.device.prepare(event.id);
    station.device.setPoint(gate.id, 'in');
    expect(expectKeptCounts(station, event.id)).toMatchObject({ checkedIn: 3 });

    // Pulled: an exit, and a new entry at the first point.
    other.device.setPoint(gate.id, 'out');
    other.device.scan(ada.ticketCode);
    other.device.setPoint(await firstPoint(event.id), 'in');
    const edsgerEntry = other.device.scan(edsger!.ticketCode);
    if (edsgerEntry.verdict !== 'valid') throw new Error(`Edsger: ${edsgerEntry.verdict}`);
    await other.device.sync();
    await station.device.sync();
    expectKeptCounts(station, event.id);

    // Its own, pending: an entry, an exit, an entry undone.
    station.device.scan(barbara!.ticketCode);
    station.device.setPoint(gate.id, 'out');
    station.device.scan(alan!.ticketCode);
    station.device.setPoint(gate.id, 'in');
    const undone = station.device.scan(donald!.ticketCode);
    if (undone.verdict !== 'valid') throw new Error(`Donald: ${undone.verdict}`);
    station.device.undo(undone.checkInId);
    expect(expectKeptCounts(station, event.id)).toMatchObject({ checkedIn: 5 });

    // Uploaded: the server's answers replace the pending moves.
    await station.device.sync();
    const synced = expectKeptCounts(station, event.id);
    const server = await world.admin.ok('points.occupancy', { eventId: event.id });
    expect(synced.occupancy.points.map((at) => at.inside)).toEqual(
      server.points.map((at) => at.inside),
    );

    // A second entry of someone inside, let in by two stations offline: the server flags it,
    // and it is no new person inside.
    const offline = switchable(world.door);
    const third = openDevice(world, `counts-${++opened}`, offline.transport);
    await third.prepare(event.id);
    third.setPoint(gate.id, 'in');
    offline.offline = true;
    expect(third.scan(grace!.ticketCode)).toMatchObject({ verdict: 'already_checked_in' });
    third.scan(donald!.ticketCode);
    station.device.scan(donald!.ticketCode);
    await station.device.sync();
    offline.offline = false;
    await third.sync();
    await station.device.sync();
    expect(station.device.status().conflicts).toBe(1);
    expectKeptCounts(station, event.id);

    // Another station takes back its entry of Edsger: the pull takes it away here too.
    await other.device.sync();
    other.device.undo(edsgerEntry.checkInId);
    await other.device.sync();
    await station.device.sync();
    expect(expectKeptCounts(station, event.id)).toMatchObject({ checkedIn: 5 });
  });

  it('are counted once when a file from before them is opened', async () => {
    const { event, gate, guests } = await festival();
    const other = device();
    await other.device.prepare(event.id);
    other.device.setPoint(gate.id, 'in');
    for (const guest of guests.slice(0, 4)) other.device.scan(guest.ticketCode);
    other.device.setPoint(gate.id, 'out');
    other.device.scan(guests[0]!.ticketCode);
    await other.device.sync();

    // A file prepared and taken back to schema step 5, before the kept counts.
    const name = `counts-${++opened}`;
    const file = join(world.dir, `${name}.sqlite`);
    const first = openDoorDevice({
      file,
      transport: switchable(world.door).transport,
      deviceId: name,
    });
    await first.prepare(event.id);
    await first.close();
    const old = new Database(file);
    old.exec(`${withoutKeptCounts} pragma user_version = 5;`);
    old.close();

    const station = { device: openDevice(world, name, switchable(world.door).transport), file };
    station.device.setPoint(gate.id, 'in');
    expect(expectKeptCounts(station, event.id)).toMatchObject({ checkedIn: 4 });
    // And kept from then on.
    station.device.scan(guests[4]!.ticketCode);
    await station.device.sync();
    expect(expectKeptCounts(station, event.id)).toMatchObject({ checkedIn: 5 });
  });
});

async function firstPoint(eventId: string) {
  const [first] = await world.admin.ok('points.list', { eventId });
  return first!.id;
}
