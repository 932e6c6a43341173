import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';

let test: TestCore;
let organizer: Caller;
let other: Caller;
let door: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'reports_type_counts');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  other = await staffCaller(test, admin, 'organizer', 'other.counts@example.org');
  door = await staffCaller(test, admin, 'door');
});

describe('reports.ticketTypeCounts (the events list’s per-type counts)', () => {
  it('gives each type registered / capacity / waitlisted, to those who see the attendees', async () => {
    const conf = await createEvent(organizer, { maxAttendees: 10, status: 'published' });
    const [standard] = await organizer.ok('ticketTypes.list', { eventId: conf.id });
    const vip = await organizer.ok('ticketTypes.create', {
      eventId: conf.id,
      name: 'VIP',
      capacity: 1,
    });
    const register = (n: number, ticketTypeId: string) =>
      organizer.ok('registrations.register', {
        eventId: conf.id,
        name: `Guest ${n}`,
        email: `guest${n}@example.org`,
        ticketTypeId,
      });
    await register(1, vip.id);
    await register(2, vip.id); // waits: VIP has one seat
    await register(3, standard!.id);
    const draft = await createEvent(organizer, { status: 'draft' });

    const ids = [draft.id, conf.id, randomUUID()];
    const confCounts = {
      eventId: conf.id,
      types: [
        {
          id: standard!.id,
          name: 'General admission',
          capacity: null,
          registeredCount: 1,
          waitlistedCount: 0,
        },
        { id: vip.id, name: 'VIP', capacity: 1, registeredCount: 1, waitlistedCount: 1 },
      ],
    };
    const draftCounts = {
      eventId: draft.id,
      types: [expect.objectContaining({ registeredCount: 0, waitlistedCount: 0 })],
    };
    // In the order asked; an unknown id is left out.
    expect(await organizer.ok('reports.ticketTypeCounts', { eventIds: ids })).toEqual([
      draftCounts,
      confCounts,
    ]);
    // Door staff see the published event's counts, not the draft's; another organizer neither.
    expect(await door.ok('reports.ticketTypeCounts', { eventIds: ids })).toEqual([confCounts]);
    expect(await other.ok('reports.ticketTypeCounts', { eventIds: ids })).toEqual([]);
  });
});
