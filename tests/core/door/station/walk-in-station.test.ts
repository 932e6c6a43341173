import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDto } from '@shared/domain';
import { setupAdmin, staffCaller, type Caller } from '../../../support/core';
import { createEvent } from '../../../support/events';
import { pdfText, qrCodesInPdf } from '../../mail/decode';
import { questionInput } from '../../questions/fixtures';
import { addAttendees, startStationWorld, type StationWorld } from '../fixtures';
import { createBadgeQueue } from '../../../../electron/core/door/station/badge-queue';
import { silentLogger } from '../../../../electron/core/log';

// The station's walk-in form and its badge on admission, through the router as the app calls
// them: supervisors only, and badges printed after the verdicts, never before.

let world: StationWorld;
let supervisor: Caller;
let steward: Caller;
let admin: Caller;
let event: EventDto;
let companyId: string;
const log: string[] = [];
const printed: { name: string; pdf: Buffer }[] = [];

beforeAll(async () => {
  world = await startStationWorld('station_walk_ins', {
    printBadge: async ({ attendeeName, pdf }) => {
      log.push(`printed ${attendeeName}`);
      printed.push({ name: attendeeName, pdf });
    },
  });
  admin = await setupAdmin(world.test);
  supervisor = await staffCaller(world.test, admin, 'door');
  steward = await staffCaller(world.test, admin, 'steward');
  event = await createEvent(admin, { title: 'Badge Gate', maxAttendees: 3 });
  const company = await admin.ok(
    'questions.create',
    questionInput(event.id, { label: 'Company', doorVisible: true }),
  );
  companyId = company.id;
  await admin.ok('badges.saveLayout', {
    eventId: event.id,
    version: 0,
    subtitleQuestionId: companyId,
    showTicketType: true,
  });
  const [gate] = await admin.ok('points.list', { eventId: event.id });
  const { id, version, eventId: _e, position: _p, ...fields } = gate!;
  await admin.ok('points.update', { id, version, point: { ...fields, printsBadge: true } });
  await addAttendees(world.test.core.db, event.id, 1);
  await world.test.core.db.run('update events set registered_count = 1 where id = $1', [event.id]);
  await world.test.core.db.run('update ticket_types set registered_count = 1 where event_id = $1', [
    event.id,
  ]);
  await supervisor.ok('scanner.prepare', { eventId: event.id });
});

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(done()).toBe(true);
};

describe('the station’s walk-in form', () => {
  it('is refused to stewards by the router and the core', async () => {
    for (const channel of ['scanner.walkIn', 'scanner.walkInDesk'] as const) {
      const input = channel === 'scanner.walkIn' ? { name: 'Sneaky', email: 's@example.org' } : {};
      expect(await steward.call(channel, input as never)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });

  it('offers the event’s ticket types and door-visible questions', async () => {
    const desk = await supervisor.ok('scanner.walkInDesk', {});
    expect(desk.ticketTypes.map((t) => t.name)).toEqual(['General admission']);
    expect(desk.questions).toMatchObject([{ id: companyId, label: 'Company' }]);
  });

  it('registers and admits a walk-in, and prints badges only after the verdicts are answered', async () => {
    const guest = (await supervisor.ok('scanner.search', { text: 'Guest' }))[0]!;
    const [walked, scanned] = await Promise.all([
      supervisor
        .ok('scanner.walkIn', {
          name: 'Wanda Walk-in',
          email: 'wanda@example.org',
          answers: { [companyId]: 'Acme GmbH' },
        })
        .then((answer) => {
          log.push('answered walk-in');
          return answer;
        }),
      supervisor.ok('scanner.scan', { code: guest.ticketCode }).then((answer) => {
        log.push('answered scan');
        return answer;
      }),
    ]);
    expect(walked).toMatchObject({
      flag: 'admitted',
      outcome: { verdict: 'valid', attendee: { name: 'Wanda Walk-in' } },
    });
    expect(scanned.verdict).toBe('valid');
    // Both verdicts went out before either badge was rendered.
    expect(log.filter((entry) => entry.startsWith('printed'))).toEqual([]);
    await until(() => printed.length === 2);
    expect(log.slice(0, 2).sort()).toEqual(['answered scan', 'answered walk-in']);

    const wanda = printed.find((p) => p.name === 'Wanda Walk-in')!;
    const text = pdfText(wanda.pdf);
    expect(text).toContain('Wanda Walk-in');
    expect(text).toContain('Acme GmbH');
    expect(qrCodesInPdf(wanda.pdf)).toEqual([walked.outcome.attendee.ticketCode]);
    expect(printed.map((p) => p.name).sort()).toEqual([guest.name, 'Wanda Walk-in'].sort());
  });

  it('answers FULL when no seat is left, and admits anyway flagged when forced', async () => {
    // Three seats: the guest, Wanda, and one more.
    await supervisor.ok('scanner.walkIn', { name: 'Third Person', email: 'third@example.org' });
    const full = await supervisor.call('scanner.walkIn', {
      name: 'Late Larry',
      email: 'larry@example.org',
    });
    expect(full).toMatchObject({ ok: false, error: { code: 'FULL' } });
    const forced = await supervisor.ok('scanner.walkIn', {
      name: 'Late Larry',
      email: 'larry@example.org',
      force: true,
    });
    expect(forced.flag).toBe('over_capacity');
    const listed = await admin.ok('registrations.list', { eventId: event.id, search: 'Larry' });
    expect(listed.items[0]).toMatchObject({ walkIn: 'over_capacity' });
  });

  it('prints nothing at a point that does not print badges', async () => {
    const [gate] = await admin.ok('points.list', { eventId: event.id });
    const { id, version, eventId: _e, position: _p, ...fields } = gate!;
    await admin.ok('points.update', { id, version, point: { ...fields, printsBadge: false } });
    await supervisor.ok('scanner.sync', {});
    const before = printed.length;
    await supervisor.ok('scanner.walkIn', {
      name: 'No Badge',
      email: 'nobadge@example.org',
      force: true,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(printed.length).toBe(before);
  });
});

describe('the badge queue', () => {
  it('renders nothing while a station call is in flight, then each badge once', async () => {
    let busy = true;
    const done: string[] = [];
    const queue = createBadgeQueue(
      async ({ attendeeName, pdf }) => {
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        done.push(attendeeName);
      },
      silentLogger,
      () => !busy,
    );
    const badge = (name: string) => ({
      code: '0123456789ABCDEFGHJKMNPQRS',
      attendeeName: name,
      subtitle: '',
      ticketType: 'VIP',
      eventTitle: 'Queue test',
    });
    queue.add(badge('First'));
    queue.add(badge('Second'));
    await new Promise((r) => setTimeout(r, 200));
    expect(done).toEqual([]);
    expect(queue.waiting()).toBe(2);
    busy = false;
    queue.kick();
    await queue.settled();
    expect(done).toEqual(['First', 'Second']);
  });
});
