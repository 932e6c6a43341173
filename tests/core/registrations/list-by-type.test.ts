import { beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';
import { questionInput } from '../questions/fixtures';

let test: TestCore;
let admin: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'registrations_list_type');
  admin = await setupAdmin(test);
});

describe('registrations.list by ticket type', () => {
  it('lists and counts one type, alone or with status, search and answer filters', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    const [standard] = await admin.ok('ticketTypes.list', { eventId: event.id });
    const vip = await admin.ok('ticketTypes.create', {
      eventId: event.id,
      name: 'VIP',
      capacity: 2,
    });
    const diet = await admin.ok(
      'questions.create',
      questionInput(event.id, { label: 'Diet', kind: 'singleChoice', choices: ['meat', 'veg'] }),
    );
    const people = [
      ['Ann', vip.id, 'veg'],
      ['Bob', vip.id, 'meat'],
      ['Cat', vip.id, 'veg'], // waits: VIP has two seats
      ['Dan', standard!.id, 'veg'],
      ['Eve', standard!.id, 'meat'],
      ['Fay', standard!.id, 'veg'],
    ] as const;
    const ids: Record<string, string> = {};
    for (const [name, ticketTypeId, answer] of people) {
      const { registration } = await admin.ok('registrations.register', {
        eventId: event.id,
        name,
        email: `${name.toLowerCase()}@example.org`,
        ticketTypeId,
        answers: { [diet.id]: answer },
      });
      ids[name] = registration.id;
    }
    await admin.ok('registrations.cancel', { id: ids.Fay! });

    const list = async (input: Record<string, unknown>) => {
      const page = await admin.ok('registrations.list', { eventId: event.id, ...input });
      return { names: page.items.map((r) => r.attendeeName), total: page.total };
    };
    expect(await list({ ticketTypeId: vip.id })).toEqual({
      names: ['Ann', 'Bob', 'Cat'],
      total: 3,
    });
    expect(await list({ ticketTypeId: vip.id, status: 'waitlisted' })).toEqual({
      names: ['Cat'],
      total: 1,
    });
    expect(await list({ ticketTypeId: standard!.id })).toEqual({
      names: ['Dan', 'Eve', 'Fay'],
      total: 3,
    });
    expect(await list({ ticketTypeId: standard!.id, status: 'registered' })).toEqual({
      names: ['Dan', 'Eve'],
      total: 2,
    });
    expect(await list({ ticketTypeId: standard!.id, status: 'cancelled' })).toEqual({
      names: ['Fay'],
      total: 1,
    });
    expect(
      await list({ ticketTypeId: vip.id, answers: [{ questionId: diet.id, choices: ['veg'] }] }),
    ).toEqual({ names: ['Ann', 'Cat'], total: 2 });
    expect(await list({ ticketTypeId: standard!.id, search: 'eve' })).toEqual({
      names: ['Eve'],
      total: 1,
    });
    // Another event's type matches nobody here.
    const [otherType] = await admin.ok('ticketTypes.list', {
      eventId: (await createEvent(admin)).id,
    });
    expect(await list({ ticketTypeId: otherType!.id })).toEqual({ names: [], total: 0 });
  });
});
