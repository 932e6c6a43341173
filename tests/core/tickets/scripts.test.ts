import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDto, RegistrationDto } from '@shared/domain';
import { renderMessage } from '../../../electron/core/mail/render';
import { onCleanup } from '../../support/cleanup';
import { setupAdmin, staffCaller, startTestCore, type Caller } from '../../support/core';
import { createEvent } from '../../support/events';
import { pdfText, qrCodesInPdf, qrCodesPerTicket } from '../mail/decode';

// Names as attendees write them, in the scripts the ticket font covers (see tickets/font.ts).
const names = [
  'Zoë Ðorđević',
  'Дмитрий Шостакович',
  'Αλέξανδρος Παπαδόπουλος',
  'Łukasz Żółć-Ærøe',
  'İsmail Ağaoğlu',
  'Nguyễn Thị Minh Khai',
  'Ծովինար Գևորգյան',
  'ნინო ბერიძე',
];
const title = 'Συνέδριο «Москва» 2026 — Åre';
const location = 'Зал № 3, Κέντρο';

let organizer: Caller;
let event: EventDto;
let registrations: RegistrationDto[];
let dir: string;

beforeAll(async () => {
  const test = await startTestCore({}, 'tickets_scripts');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  event = await createEvent(organizer, {
    title,
    location,
    startsAt: '2026-09-12T16:30:00.000Z',
    endsAt: '2026-09-12T20:00:00.000Z',
    timeZone: 'Europe/Athens',
    maxAttendees: null,
  });
  await organizer.ok('registrations.import', {
    eventId: event.id,
    csv: names.map((name, i) => `"${name}",p${i}@example.org`).join('\n'),
  });
  registrations = (await organizer.ok('registrations.list', { eventId: event.id, limit: 100 }))
    .items;
  dir = mkdtempSync(join(tmpdir(), 'usher-scripts-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
});

/** pdftotext's words, one space between them: layout spacing is not what is compared. */
const words = (pdf: Buffer) => pdfText(pdf).replace(/\s+/g, ' ');

describe('tickets for names in Latin, Cyrillic, Greek, Armenian and Georgian', () => {
  it('a batch prints every name, the title and the place as written, and every QR reads', async () => {
    const path = join(dir, 'all.pdf');
    expect(await organizer.ok('tickets.batch', { eventId: event.id, path })).toMatchObject({
      tickets: names.length,
    });
    const pdf = readFileSync(path);
    const text = words(pdf);
    for (const name of names) expect(text).toContain(name);
    expect(text).toContain(location);
    expect(text).toContain('Συνέδριο');
    expect(text).toContain('«Москва»');
    expect(qrCodesPerTicket(pdf).filter(Boolean).sort()).toEqual(
      registrations.map((r) => r.ticketCode).sort(),
    );
  });

  it('one attendee’s ticket and the emailed PDF read back the same', async () => {
    const dmitry = registrations.find((r) => r.attendeeName === 'Дмитрий Шостакович')!;
    const path = join(dir, 'one.pdf');
    await organizer.ok('tickets.pdf', { registrationId: dmitry.id, path });
    const printed = readFileSync(path);
    expect(words(printed)).toContain('Дмитрий Шостакович');
    expect(qrCodesInPdf(printed)).toEqual([dmitry.ticketCode]);

    const message = await renderMessage({
      kind: 'confirmation',
      to: { name: 'Αλέξανδρος Παπαδόπουλος', address: 'p2@example.org' },
      subject: 'Ticket',
      body: 'Hello {{name}}',
      event: {
        eventTitle: title,
        location,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timeZone: event.timeZone,
      },
      registration: { id: dmitry.id, ticketCode: dmitry.ticketCode, waitlistPosition: null },
    });
    const emailed = message.attachments.find((a) => a.filename === 'ticket.pdf')!.content as Buffer;
    expect(words(emailed)).toContain('Αλέξανδρος Παπαδόπουλος');
    expect(words(emailed)).toContain('«Москва»');
    expect(qrCodesInPdf(emailed)).toEqual([dmitry.ticketCode]);
  });
});
