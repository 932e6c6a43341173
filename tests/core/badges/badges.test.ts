import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDto } from '@shared/domain';
import { onCleanup } from '../../support/cleanup';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';
import { pdfPageCount, pdfText, qrCodesInPdf, qrCodesPerTicket } from '../mail/decode';
import { questionInput } from '../questions/fixtures';

// Name badges as they come out of the printer: read back with poppler (text) and zbar (every QR,
// each badge cut out alone), for a conference with a VIP type and a company question.

let test: TestCore;
let organizer: Caller;
let otherOrganizer: Caller;
let door: Caller;
let event: EventDto;
let companyId: string;
let dir: string;
const people = [
  { name: 'Zoë Ðorđević', company: 'Acme GmbH', vip: true },
  { name: 'Дмитрий Иванов', company: 'Globex', vip: false },
  { name: 'Ada Lovelace', company: '', vip: false },
  { name: 'Bartholomew Featherstonehaugh-Cholmondeley', company: 'Initech', vip: false },
  { name: 'Chiara Rossi', company: 'Umbrella', vip: true },
  { name: 'Emil Ek', company: 'Hooli', vip: false },
  { name: 'Fatima Zahra', company: 'Pied Piper', vip: false },
];

beforeAll(async () => {
  test = await startTestCore({}, 'badges');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  otherOrganizer = await staffCaller(test, admin, 'organizer');
  door = await staffCaller(test, admin, 'door');
  event = await createEvent(organizer, { title: 'Badge Summit', maxAttendees: 50 });
  const vip = await organizer.ok('ticketTypes.create', {
    eventId: event.id,
    name: 'VIP',
    capacity: null,
  });
  const question = await organizer.ok('questions.create', questionInput(event.id));
  companyId = question.id;
  for (const [i, person] of people.entries()) {
    await organizer.ok('registrations.register', {
      eventId: event.id,
      name: person.name,
      email: `person${i}@example.org`,
      ...(person.vip && { ticketTypeId: vip.id }),
      answers: person.company ? { [companyId]: person.company } : {},
    });
  }
  dir = mkdtempSync(join(tmpdir(), 'usher-badges-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
});

const codes = async () =>
  (await organizer.ok('registrations.list', { eventId: event.id, limit: 100 })).items.map(
    (r) => r.ticketCode,
  );

describe('name badges', () => {
  it('keep a layout per event: a second line from a question, the type on or off', async () => {
    expect(await organizer.ok('badges.layout', { eventId: event.id })).toEqual({
      eventId: event.id,
      subtitleQuestionId: null,
      showTicketType: true,
      version: 0,
    });
    const saved = await organizer.ok('badges.saveLayout', {
      eventId: event.id,
      version: 0,
      subtitleQuestionId: companyId,
      showTicketType: true,
    });
    expect(saved).toMatchObject({ subtitleQuestionId: companyId, version: 1 });
    // A stale version, a question of another event, someone else's event: refused, nothing kept.
    const stale = await organizer.call('badges.saveLayout', {
      eventId: event.id,
      version: 0,
      subtitleQuestionId: null,
      showTicketType: false,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const elsewhere = await createEvent(organizer, { title: 'Elsewhere' });
    const foreign = await organizer.ok(
      'questions.create',
      questionInput(elsewhere.id, { label: 'Team' }),
    );
    const wrong = await organizer.call('badges.saveLayout', {
      eventId: event.id,
      version: 1,
      subtitleQuestionId: foreign.id,
      showTicketType: true,
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    for (const caller of [otherOrganizer, door]) {
      const refused = await caller.call('badges.saveLayout', {
        eventId: event.id,
        version: 1,
        subtitleQuestionId: null,
        showTicketType: false,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await organizer.ok('badges.layout', { eventId: event.id })).toEqual(saved);
  });

  it('print six to an A4 sheet, each QR reading back alone, names in any script', async () => {
    const path = join(dir, 'badges.pdf');
    const result = await organizer.ok('badges.batch', { eventId: event.id, path });
    expect(result).toMatchObject({ path, badges: people.length });
    const pdf = readFileSync(path);
    expect(result.bytes).toBe(pdf.length);
    expect(pdfPageCount(pdf)).toBe(2);
    const printed = qrCodesPerTicket(pdf, 150, { columns: 2, rows: 3 });
    expect(printed.slice(people.length)).toEqual([null, null, null, null, null]);
    expect(printed.slice(0, people.length).sort()).toEqual((await codes()).sort());
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const person of people) {
      // Every word of every name, the longest one wrapped onto two lines rather than cut.
      for (const word of person.name.split(/[\s-]+/)) expect(text).toContain(word);
      if (person.company) expect(text).toContain(person.company);
    }
    expect(text).toContain('VIP');
    expect(text).toContain('General admission');
    expect(text).toContain('Badge Summit');
  });

  it('print one badge on a page of its own, without the type when the layout says so', async () => {
    const layout = await organizer.ok('badges.layout', { eventId: event.id });
    await organizer.ok('badges.saveLayout', {
      eventId: event.id,
      version: layout.version,
      subtitleQuestionId: companyId,
      showTicketType: false,
    });
    const zoe = (
      await organizer.ok('registrations.list', { eventId: event.id, search: 'Zoë', limit: 5 })
    ).items[0]!;
    const path = join(dir, 'zoe.pdf');
    expect(await organizer.ok('badges.pdf', { registrationId: zoe.id, path })).toMatchObject({
      badges: 1,
    });
    const pdf = readFileSync(path);
    expect(pdfPageCount(pdf)).toBe(1);
    expect(qrCodesInPdf(pdf)).toEqual([zoe.ticketCode]);
    const text = pdfText(pdf);
    expect(text).toContain('Zoë Ðorđević');
    expect(text).toContain('Acme GmbH');
    expect(text).not.toContain('VIP');
    const audit = await test.core.db.many<{ action: string }>(
      `select action from audit_log where action like 'badges.%' order by id`,
    );
    expect(audit.map((row) => row.action)).toEqual([
      'badges.saveLayout',
      'badges.batch',
      'badges.saveLayout',
      'badges.pdf',
    ]);
  });

  it('are refused to door staff and to organizers of other events, and write no file', async () => {
    for (const caller of [door, otherOrganizer]) {
      const path = join(dir, 'refused.pdf');
      const refused = await caller.call('badges.batch', { eventId: event.id, path });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(() => readFileSync(path)).toThrow();
    }
  });
});
