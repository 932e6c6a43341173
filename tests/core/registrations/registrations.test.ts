import { beforeAll, describe, expect, it } from 'vitest';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';
import { ticketCodePattern } from '../../../electron/core/registrations/ticket-code';

let test: TestCore;
let organizer: Caller;
let otherOrganizer: Caller;
let door: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'registrations');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  otherOrganizer = await staffCaller(test, admin, 'organizer');
  door = await staffCaller(test, admin, 'door');
});

const auditCount = async () =>
  (await test.core.db.one<{ n: number }>('select count(*)::int as n from audit_log'))!.n;

describe('registering', () => {
  it('gives each registration an unguessable printable ticket code and audits it', async () => {
    const event = await createEvent(organizer);
    const before = await auditCount();
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { registration } = await organizer.ok('registrations.register', {
        eventId: event.id,
        name: `Zoë Ødegård ${i}`,
        email: `zoe${i}@example.org`,
      });
      expect(registration.ticketCode).toMatch(ticketCodePattern);
      codes.add(registration.ticketCode);
    }
    expect(codes.size).toBe(20);
    expect(await auditCount()).toBe(before + 20);
  });

  it('allows one active registration per email per event, whatever its case', async () => {
    const event = await createEvent(organizer);
    const first = await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Ann',
      email: 'ann@example.org',
    });
    const again = await organizer.call('registrations.register', {
      eventId: event.id,
      name: 'Ann',
      email: 'ANN@example.org',
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { email: expect.any(String) } },
    });
    await organizer.ok('registrations.cancel', { id: first.registration.id });
    // After a cancellation the person may register again.
    await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Ann',
      email: 'ann@example.org',
    });
  });

  it('refuses bad input and foreign events, writing nothing', async () => {
    const event = await createEvent(organizer);
    const before = await auditCount();
    const bad = await organizer.call('registrations.register', {
      eventId: event.id,
      name: ' ',
      email: 'not-an-email',
    });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: { name: expect.any(String), email: expect.any(String) },
      },
    });
    const foreign = await otherOrganizer.call('registrations.register', {
      eventId: event.id,
      name: 'X',
      email: 'x@example.org',
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const door1 = await door.call('registrations.register', {
      eventId: event.id,
      name: 'X',
      email: 'x@example.org',
    });
    expect(door1).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await auditCount()).toBe(before);
    expect((await organizer.ok('events.get', { id: event.id })).registeredCount).toBe(0);
  });

  it('refuses registrations on a cancelled event', async () => {
    const event = await createEvent(organizer);
    await organizer.ok('events.cancel', { id: event.id });
    expect(
      await organizer.call('registrations.register', {
        eventId: event.id,
        name: 'Late',
        email: 'late@example.org',
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('listing attendees', () => {
  it('searches by name, email or ticket code and filters by status', async () => {
    const event = await createEvent(organizer, { maxAttendees: 2 });
    const people = ['Amara Okafor', 'Björn Lindqvist', 'Chiara Rossi'];
    const made = [];
    for (const [i, name] of people.entries()) {
      made.push(
        await organizer.ok('registrations.register', {
          eventId: event.id,
          name,
          email: `p${i}@example.org`,
        }),
      );
    }
    const byName = await door.ok('registrations.list', { eventId: event.id, search: 'björn' });
    expect(byName.items.map((r) => r.attendeeName)).toEqual(['Björn Lindqvist']);
    const byCode = await door.ok('registrations.list', {
      eventId: event.id,
      search: made[2]!.registration.ticketCode.toLowerCase(),
    });
    expect(byCode.items.map((r) => r.attendeeName)).toEqual(['Chiara Rossi']);
    const waiting = await door.ok('registrations.list', {
      eventId: event.id,
      status: 'waitlisted',
    });
    expect(waiting).toMatchObject({
      total: 1,
      items: [{ attendeeName: 'Chiara Rossi', waitlistPosition: 1 }],
    });
    const all = await door.ok('registrations.list', { eventId: event.id, limit: 2 });
    expect(all.total).toBe(3);
    expect(all.items.map((r) => r.attendeeName)).toEqual(['Amara Okafor', 'Björn Lindqvist']);
  });
});

describe('CSV import', () => {
  it('imports good rows, reports bad ones by line, and waitlists past capacity', async () => {
    const event = await createEvent(organizer, { maxAttendees: 3 });
    await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Existing',
      email: 'existing@example.org',
    });
    const csv = [
      'name,email',
      'Ada Lovelace,ada@example.org',
      '"Okafor, Amara",amara@example.org',
      'No Email,',
      'Bad Email,not-an-email',
      'Existing Again,EXISTING@example.org',
      'Ada Twice,ada@example.org',
      'Three,columns,here',
      '"Zoë ""Zo"" Ødegård",zoe@example.org',
      '',
    ].join('\r\n');
    const result = await organizer.ok('registrations.import', { eventId: event.id, csv });
    expect(result.registered).toBe(2);
    expect(result.waitlisted).toBe(1);
    expect(result.rejected.map((r) => r.line)).toEqual([4, 5, 6, 7, 8]);
    expect(result.rejected[2]!.reason).toMatch(/already registered/);
    expect(result.rejected[3]!.reason).toMatch(/line 2/);
    const zoe = await organizer.ok('registrations.list', { eventId: event.id, search: 'zoe@' });
    expect(zoe.items[0]).toMatchObject({ attendeeName: 'Zoë "Zo" Ødegård', status: 'waitlisted' });
    const counts = await organizer.ok('events.get', { id: event.id });
    expect(counts).toMatchObject({ registeredCount: 3, waitlistedCount: 1 });
  });

  it('imports nothing from a broken file', async () => {
    const event = await createEvent(organizer);
    const result = await organizer.call('registrations.import', {
      eventId: event.id,
      csv: 'Ada,ada@example.org\n"Unclosed,quote@example.org\n',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/Line 2/) },
    });
    expect((await organizer.ok('events.get', { id: event.id })).registeredCount).toBe(0);
  });
});
