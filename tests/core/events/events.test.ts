import { beforeAll, describe, expect, it } from 'vitest';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent, eventInput } from '../../support/events';
import { redisUrl, testRedisPrefix } from '../../support/postgres';

let test: TestCore;
let admin: Caller;
let organizer: Caller;
let otherOrganizer: Caller;
let door: Caller;

beforeAll(async () => {
  test = await startTestCore({ redisUrl, redisKeyPrefix: testRedisPrefix('events') }, 'events');
  admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  otherOrganizer = await staffCaller(test, admin, 'organizer');
  door = await staffCaller(test, admin, 'door');
});

describe('events', () => {
  it('creates, reads and audits an event', async () => {
    const event = await createEvent(organizer, { title: 'Rust Workshop' });
    expect(event).toMatchObject({ title: 'Rust Workshop', version: 1, registeredCount: 0 });
    expect(await organizer.ok('events.get', { id: event.id })).toEqual(event);
    const audit = await test.core.db.one<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'events.create' and entity_id = $1",
      [event.id],
    );
    expect(audit?.n).toBe(1);
  });

  it('rejects an end before the start, an unknown time zone and a zero capacity', async () => {
    // One input: two calls of eventInput() a millisecond apart gave an end after the start.
    const input = eventInput();
    const bad = await organizer.call('events.create', {
      ...input,
      endsAt: input.startsAt,
      timeZone: 'Mars/Olympus_Mons',
      maxAttendees: 0,
    });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: {
          endsAt: expect.any(String),
          timeZone: expect.any(String),
          maxAttendees: expect.any(String),
        },
      },
    });
  });

  it('refuses a stale edit with CONFLICT', async () => {
    const event = await createEvent(organizer);
    const first = await organizer.ok('events.update', {
      id: event.id,
      version: 1,
      title: 'Renamed',
    });
    expect(first.version).toBe(2);
    const stale = await organizer.call('events.update', {
      id: event.id,
      version: 1,
      title: 'Mine',
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await organizer.ok('events.get', { id: event.id })).title).toBe('Renamed');
  });

  it('checks an edited end against the stored start', async () => {
    const event = await createEvent(organizer);
    const before = new Date(Date.parse(event.startsAt) - 60_000).toISOString();
    const result = await organizer.call('events.update', {
      id: event.id,
      version: 1,
      endsAt: before,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { endsAt: expect.any(String) } },
    });
  });

  it('lets organizers edit only their own events, admins any', async () => {
    const event = await createEvent(organizer);
    const theirs = await otherOrganizer.call('events.update', {
      id: event.id,
      version: 1,
      title: 'Hijack',
    });
    expect(theirs).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      (await admin.ok('events.update', { id: event.id, version: 1, title: 'Admin edit' })).title,
    ).toBe('Admin edit');
    expect(await door.call('events.create', eventInput())).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });

  it('shows door staff published events only', async () => {
    const draft = await createEvent(organizer, { status: 'draft', title: 'Secret draft' });
    expect(await door.call('events.get', { id: draft.id })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    const listed = await door.ok('events.list', { search: 'Secret draft' });
    expect(listed.total).toBe(0);
    expect((await organizer.ok('events.list', { search: 'Secret draft' })).total).toBe(1);
  });

  it('cancels an event', async () => {
    const event = await createEvent(organizer);
    const cancelled = await organizer.ok('events.cancel', { id: event.id });
    expect(cancelled.status).toBe('cancelled');
    expect(
      await organizer.call('events.update', {
        id: event.id,
        version: cancelled.version,
        title: 'x',
      }),
    ).toMatchObject({
      error: { code: 'CONFLICT' },
    });
  });
});

describe('events.list', () => {
  it('filters, searches, sorts by start and pages with a total', async () => {
    const base = Date.parse('2031-03-01T10:00:00Z');
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await createEvent(organizer, {
          title: `Listing Probe ${i}`,
          category: i % 2 ? 'workshop' : 'social',
          startsAt: new Date(base + (7 - i) * 86_400_000).toISOString(),
          endsAt: new Date(base + (7 - i) * 86_400_000 + 3_600_000).toISOString(),
        }),
      );
    }
    const range = { from: '2031-03-01T00:00:00Z', to: '2031-04-01T00:00:00Z' };
    const page1 = await organizer.ok('events.list', { ...range, limit: 3 });
    const page2 = await organizer.ok('events.list', { ...range, limit: 3, offset: 3 });
    const page3 = await organizer.ok('events.list', { ...range, limit: 3, offset: 6 });
    expect(page1.total).toBe(7);
    const titles = [...page1.items, ...page2.items, ...page3.items].map((e) => e.title);
    expect(titles).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `Listing Probe ${i}`));
    const workshops = await organizer.ok('events.list', { ...range, category: 'workshop' });
    expect(workshops.items.map((e) => e.title)).toEqual([
      'Listing Probe 5',
      'Listing Probe 3',
      'Listing Probe 1',
    ]);
    const search = await organizer.ok('events.list', { search: 'probe 4' });
    expect(search.items.map((e) => e.title)).toEqual(['Listing Probe 4']);
    expect((await organizer.ok('events.list', { ...range, offset: 50 })).total).toBe(7);
  });

  it('treats search text literally', async () => {
    await createEvent(organizer, { title: '100% Fun_Run' });
    expect((await organizer.ok('events.list', { search: '100%' })).total).toBe(1);
    expect(
      (await organizer.ok('events.list', { search: '%' })).items.every((e) =>
        e.title.includes('%'),
      ),
    ).toBe(true);
  });
});
