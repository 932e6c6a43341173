import { beforeAll, describe, expect, it } from 'vitest';
import { channelNames, channels, type ChannelName, type Envelope } from '@shared/contract';
import type { Caller } from '../../support/core';
import { startFuzzWorld, type FuzzWorld } from '../fuzz/world';

// Every channel, called with a valid input by everyone: nobody signed in, door staff, an
// organizer who does not own the event, its organizer, and an admin. The answer must be what the
// README's security section promises, enforced in the core.

let world: FuzzWorld;
type Who = 'anonymous' | 'steward' | 'door' | 'otherOrganizer' | 'owner' | 'admin';
const everyone: Who[] = ['anonymous', 'steward', 'door', 'otherOrganizer', 'owner', 'admin'];

beforeAll(async () => {
  world = await startFuzzWorld('role_matrix');
});

const callerOf = (who: Who): Caller =>
  ({
    anonymous: world.test.caller(),
    steward: world.steward,
    door: world.door,
    otherOrganizer: world.organizerB,
    owner: world.ownerA,
    admin: world.admin,
  })[who];

/** The event's attendee data: its organizer, admins, door staff (published event); not others. */
const attendeeChannels: ChannelName[] = [
  'door.snapshot',
  'door.changes',
  'checkins.list',
  'checkins.conflicts',
  'registrations.get',
  'registrations.list',
  'reports.eventActivity',
  'points.list',
  'points.occupancy',
  'points.reportPending',
  'points.activity',
];
/** Changing the event or its registrations: its organizer and admins only. */
const managerChannels: ChannelName[] = [
  'events.update',
  'events.cancel',
  'registrations.register',
  'registrations.cancel',
  'registrations.promote',
  'registrations.import',
  'exports.attendees',
  'mail.templates',
  'mail.saveTemplate',
  'mail.preview',
  'mail.messages',
  'mail.resend',
  'mail.sendTickets',
  'mail.countGroup',
  'mail.sendGroup',
  'tickets.pdf',
  'tickets.batch',
  'badges.layout',
  'badges.saveLayout',
  'badges.pdf',
  'badges.batch',
  'questions.list',
  'questions.create',
  'questions.update',
  'questions.reorder',
  'questions.delete',
  'answers.get',
  'answers.save',
  'events.copy',
  'registrations.edit',
  'registrations.transfer',
  'ticketTypes.create',
  'ticketTypes.update',
  'ticketTypes.reorder',
  'ticketTypes.delete',
  'doorStaff.list',
  'doorStaff.assign',
  'points.create',
  'points.update',
  // A walk-in registers someone: the station relays the server's refusal.
  'scanner.walkIn',
];
const rank = { anonymous: 0, steward: 1, door: 2, otherOrganizer: 3, owner: 3, admin: 4 } as const;
const needed = { public: 0, signedIn: 1, steward: 1, door: 2, organizer: 3, admin: 4 } as const;

/** 'allowed' means any answer but UNAUTHENTICATED, FORBIDDEN, NOT_FOUND (and never INTERNAL). */
function expected(channel: ChannelName, who: Who): 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN' {
  const access = channels[channel].access;
  if (channel === 'settings.save') {
    return who === 'admin' ? 'allowed' : who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  }
  // A steward takes back only their own last scan; the valid undo names someone else's.
  if (channel === 'scanner.undo' && who === 'steward') return 'FORBIDDEN';
  if (rank[who] < needed[access]) return who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  if (who === 'otherOrganizer') {
    if (attendeeChannels.includes(channel) || managerChannels.includes(channel)) return 'FORBIDDEN';
  }
  return 'allowed';
}

const codeOf = (result: Envelope<unknown>) => (result.ok ? 'ok' : result.error.code);

describe('who may call what', () => {
  it('matches the rules for every channel and everyone', async () => {
    const table: Record<string, Record<Who, string>> = {};
    const wrong: string[] = [];
    for (const channel of channelNames) {
      table[channel] = {} as Record<Who, string>;
      for (const who of everyone) {
        // Signing in or out runs on a session of its own, so the table's callers keep theirs.
        const caller =
          channel.startsWith('auth.') && who !== 'anonymous'
            ? { ctx: { token: callerOf(who).ctx.token } }
            : callerOf(who);
        if (channel === 'auth.logout' || channel === 'auth.login') caller.ctx = { token: null };
        const result = await world.test.core.call(channel, world.valid[channel], caller.ctx);
        const code = codeOf(result);
        table[channel][who] = code;
        const want = expected(channel, who);
        // The valid undo names a check-in this desktop never made: NOT_FOUND is its answer.
        const denied =
          ['UNAUTHENTICATED', 'FORBIDDEN'].includes(code) ||
          (code === 'NOT_FOUND' && channel !== 'scanner.undo');
        const ok =
          code !== 'INTERNAL' &&
          (want === 'allowed'
            ? !denied || (channel === 'auth.logout' && who !== 'anonymous')
            : code === want);
        if (!ok) wrong.push(`${channel} as ${who}: ${code}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('refuses check-ins at another organizer’s event item by item', async () => {
    const answer = await world.organizerB.ok(
      'checkins.upload',
      world.valid['checkins.upload'] as never,
    );
    expect(answer.results.map((r) => r.rejected)).toEqual(['event_closed']);
  });

  it('shows door staff neither drafts nor their attendees', async () => {
    const draft = world.ids.draftA;
    for (const [channel, input] of [
      ['events.get', { id: draft }],
      ['door.snapshot', { eventId: draft }],
      ['registrations.list', { eventId: draft }],
      ['reports.eventActivity', { eventId: draft }],
      ['checkins.list', { eventId: draft }],
    ] as const) {
      expect(codeOf(await world.door.call(channel, input as never)), channel).toBe('NOT_FOUND');
    }
    const listed = await world.door.ok('events.list', { limit: 100 });
    expect(listed.items.every((event) => event.status === 'published')).toBe(true);
  });
});
