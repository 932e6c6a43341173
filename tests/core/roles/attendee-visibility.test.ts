import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName } from '@shared/contract';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';

// Who sees an event's attendees (shared/access.ts seesAttendees), on every channel that returns
// them: names, emails, ticket codes, check-ins, and counts of them.

let test: TestCore;
let admin: Caller;
let owner: Caller;
let otherOrganizer: Caller;
let door: Caller;
const events: Record<'published' | 'draft' | 'cancelled', { id: string; registrationId: string }> =
  {} as never;

beforeAll(async () => {
  test = await startTestCore({}, 'attendee_visibility');
  admin = await setupAdmin(test);
  owner = await staffCaller(test, admin, 'organizer');
  otherOrganizer = await staffCaller(test, admin, 'organizer');
  door = await staffCaller(test, admin, 'door');
  for (const status of ['published', 'draft', 'cancelled'] as const) {
    const event = await createEvent(owner, { status: status === 'draft' ? 'draft' : 'published' });
    const { registration } = await owner.ok('registrations.register', {
      eventId: event.id,
      name: 'Grace Hopper',
      email: `grace-${status}@example.org`,
    });
    await admin.ok('checkins.upload', {
      deviceId: 'desk',
      items: [
        {
          kind: 'checkIn',
          nonce: randomUUID(),
          eventId: event.id,
          registrationId: registration.id,
          scannedAt: new Date().toISOString(),
        },
      ],
    });
    if (status === 'cancelled') await owner.ok('events.cancel', { id: event.id });
    events[status] = { id: event.id, registrationId: registration.id };
  }
});

async function doorCursor(eventId: string) {
  return (await admin.ok('door.snapshot', { eventId })).cursor;
}

/** Every channel that returns attendee data, called for one event. */
async function attendeeCalls(caller: Caller, which: keyof typeof events) {
  const { id: eventId, registrationId } = events[which];
  const cursor = await doorCursor(eventId);
  const calls: [ChannelName, unknown][] = [
    ['registrations.list', { eventId }],
    ['registrations.get', { id: registrationId }],
    ['door.snapshot', { eventId }],
    ['door.changes', { eventId, cursor }],
    ['checkins.list', { eventId, includeReverted: true }],
    ['checkins.conflicts', { eventId }],
    ['reports.eventActivity', { eventId }],
  ];
  const answers: Record<string, string> = {};
  for (const [channel, input] of calls) {
    const result = await caller.call(channel, input as ChannelInput<typeof channel>);
    answers[channel] = result.ok ? 'ok' : result.error.code;
    if (result.ok) continue;
    // A refusal carries no attendee data in its message.
    expect(JSON.stringify(result.error)).not.toMatch(/Grace|grace-|T-/);
  }
  return answers;
}

const every = (code: string) => ({
  'registrations.list': code,
  'registrations.get': code,
  'door.snapshot': code,
  'door.changes': code,
  'checkins.list': code,
  'checkins.conflicts': code,
  'reports.eventActivity': code,
});

describe('who sees an event’s attendees', () => {
  it('is its organizer and admins, for every status', async () => {
    for (const which of ['published', 'draft', 'cancelled'] as const) {
      expect(await attendeeCalls(owner, which)).toEqual(every('ok'));
      expect(await attendeeCalls(admin, which)).toEqual(every('ok'));
    }
  });

  it('is never another organizer, though they see the event itself', async () => {
    for (const which of ['published', 'draft', 'cancelled'] as const) {
      expect((await otherOrganizer.call('events.get', { id: events[which].id })).ok).toBe(true);
      expect(await attendeeCalls(otherOrganizer, which)).toEqual(every('FORBIDDEN'));
    }
    // Nor through a search of the attendee list, nor by registration id.
    const search = await otherOrganizer.call('registrations.list', {
      eventId: events.published.id,
      search: 'grace',
    });
    expect(search).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('is door staff for published events only: drafts and cancelled events do not exist for them', async () => {
    expect(await attendeeCalls(door, 'published')).toEqual(every('ok'));
    expect(await attendeeCalls(door, 'draft')).toEqual(every('NOT_FOUND'));
    expect(await attendeeCalls(door, 'cancelled')).toEqual(every('NOT_FOUND'));
  });

  it('is nobody without a session', async () => {
    expect(await attendeeCalls(test.caller(), 'published')).toEqual(every('UNAUTHENTICATED'));
  });
});
