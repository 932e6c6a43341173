import { beforeAll, describe, expect, it } from 'vitest';
import { addAttendees, createEvent, startDoorWorld, type DoorWorld } from '../fixtures';

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_snapshot');
});

describe('door.snapshot', () => {
  it('sends each attendee once, checked in or not, and counts the event once', async () => {
    const { db } = world.test.core;
    const eventId = await createEvent(db);
    const guests = await addAttendees(db, eventId, 300);
    await db.run(
      `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
       select id, event_id, now(), 'door-1', gen_random_uuid()
         from event_registrations where event_id = $1 and seq % 3 = 0`,
      [eventId],
    );
    const sent: string[] = [];
    const totals: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      const answer = await world.door.ok('door.snapshot', { eventId, cursor, limit: 50 });
      sent.push(...answer.attendees.map((a) => a.id));
      totals.push(answer.total);
      // Arrivals during the download come with the next pull, not into this snapshot's count.
      if (page === 0) await addAttendees(db, eventId, 5);
      if (answer.done) break;
      cursor = answer.cursor;
    }
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.filter((id) => guests.some((g) => g.id === id))).toHaveLength(300);
    expect(new Set(totals)).toEqual(new Set([300]));
  });
});
