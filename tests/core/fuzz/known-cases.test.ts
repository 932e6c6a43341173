import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName } from '@shared/contract';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent, eventInput } from '../../support/events';

// Inputs an adversarial pass found answered INTERNAL: each must be VALIDATION and change nothing.

let test: TestCore;
let admin: Caller;
let eventId: string;
let cursor: string;

beforeAll(async () => {
  test = await startTestCore({}, 'known_cases');
  admin = await setupAdmin(test);
  eventId = (await createEvent(admin)).id;
  cursor = (await admin.ok('door.snapshot', { eventId })).cursor;
});

const uuid = '6f1c1b7e-3c1a-4c2e-9a57-0d1f2a3b4c5d';
const NUL = '\u0000';

const cases: [string, ChannelName, () => unknown][] = [
  ['a NUL in an event title', 'events.create', () => eventInput({ title: `Hack${NUL}Day` })],
  ['a NUL in an events search', 'events.list', () => ({ search: `a${NUL}b` })],
  ['a NUL in an attendee search', 'registrations.list', () => ({ eventId, search: NUL })],
  [
    'a NUL in a staff name',
    'users.create',
    () => ({
      email: 'n@example.org',
      fullName: `N${NUL}`,
      role: 'door',
      password: 'a long enough password',
    }),
  ],
  ['a NUL in a category filter', 'events.list', () => ({ category: NUL })],
  [
    'a NUL in a device id',
    'checkins.upload',
    () => ({
      deviceId: `d${NUL}`,
      items: [
        {
          kind: 'checkIn',
          nonce: randomUUID(),
          eventId,
          ticketCode: 'X',
          scannedAt: new Date().toISOString(),
        },
      ],
    }),
  ],
  [
    'a server address without a scheme',
    'settings.save',
    () => ({
      mode: 'team',
      databaseUrl: 'db.example.org/usher',
      redisUrl: '',
    }),
  ],
  [
    'an event in the year 0000',
    'events.create',
    () =>
      eventInput({
        startsAt: '0000-01-01T10:00:00Z',
        endsAt: '0000-01-01T12:00:00Z',
      }),
  ],
  ['a range from the year 0000', 'events.list', () => ({ from: '0000-06-01T00:00:00Z' })],
  [
    'a scan in the year 0000',
    'checkins.upload',
    () => ({
      deviceId: 'd',
      items: [
        {
          kind: 'checkIn',
          nonce: randomUUID(),
          eventId,
          ticketCode: 'X',
          scannedAt: '0000-01-01T00:00:00Z',
        },
      ],
    }),
  ],
  ['an audit cursor beyond 64 bits', 'audit.list', () => ({ before: '9999999999999999999' })],
  [
    'an impossible door cursor (xmin > xmax)',
    'door.changes',
    () => ({
      eventId,
      cursor: `1.${uuid}.5:3:.`,
    }),
  ],
  [
    'an impossible door cursor (xip outside the snapshot)',
    'door.changes',
    () => ({
      eventId,
      cursor: `1.${uuid}.1:5:7.`,
    }),
  ],
  [
    'a door cursor with a transaction id past 64 bits',
    'door.changes',
    () => ({
      eventId,
      cursor: cursor.replace(/^\d+/, '99999999999999999999'),
    }),
  ],
  [
    'an export file name over 255 bytes',
    'exports.attendees',
    () => ({
      exportId: randomUUID(),
      eventId,
      format: 'csv',
      path: `/tmp/${'é'.repeat(128)}.csv`,
    }),
  ],
];

describe('inputs that used to be INTERNAL', () => {
  it.each(cases)('%s is VALIDATION', async (_label, channel, input) => {
    const before = await test.core.db.one<{ n: number }>(
      'select (select count(*) from events) + (select count(*) from users) + (select count(*) from check_ins) as n',
    );
    const result = await admin.call(channel, input() as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const after = await test.core.db.one<{ n: number }>(
      'select (select count(*) from events) + (select count(*) from users) + (select count(*) from check_ins) as n',
    );
    expect(after).toEqual(before);
  });

  it('still takes a real cursor', async () => {
    expect((await admin.call('door.changes', { eventId, cursor })).ok).toBe(true);
  });
});
