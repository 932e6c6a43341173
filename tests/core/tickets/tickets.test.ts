import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDto } from '@shared/domain';
import { onCleanup } from '../../support/cleanup';
import { setupAdmin, staffCaller, startTestCore, type Caller } from '../../support/core';
import { createEvent } from '../../support/events';
import { pdfPageCount, pdfText, qrCodesInPdf, qrCodesPerTicket } from '../mail/decode';

let organizer: Caller;
let door: Caller;
let event: EventDto;
let dir: string;

beforeAll(async () => {
  const test = await startTestCore({}, 'tickets');
  const admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  door = await staffCaller(test, admin, 'door');
  event = await createEvent(organizer, {
    title: 'Printed Tickets Gala',
    location: 'Rotes Rathaus',
    startsAt: '2026-09-12T16:30:00.000Z',
    endsAt: '2026-09-12T20:00:00.000Z',
    timeZone: 'Europe/Berlin',
    maxAttendees: 17,
  });
  await organizer.ok('registrations.import', {
    eventId: event.id,
    csv: Array.from(
      { length: 19 },
      (_, i) => `Guest ${String(i).padStart(2, '0')},g${i}@example.org`,
    ).join('\n'),
  });
  dir = mkdtempSync(join(tmpdir(), 'usher-tickets-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
});

const codesOf = async (status: 'registered' | 'waitlisted') =>
  (await organizer.ok('registrations.list', { eventId: event.id, status, limit: 100 })).items.map(
    (r) => r.ticketCode,
  );

describe('printable tickets', () => {
  it('batch: eight per A4 page, every QR readable at 150 dpi and decoding to its code', async () => {
    const path = join(dir, 'all.pdf');
    const result = await organizer.ok('tickets.batch', { eventId: event.id, path });
    expect(result).toMatchObject({ path, tickets: 17 });
    const pdf = readFileSync(path);
    expect(result.bytes).toBe(pdf.length);
    expect(pdfPageCount(pdf)).toBe(3);
    const printed = qrCodesPerTicket(pdf);
    // 17 tickets, then the rest of the last page blank.
    expect(printed.slice(17)).toEqual([null, null, null, null, null, null, null]);
    expect(printed.slice(0, 17).sort()).toEqual((await codesOf('registered')).sort());
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Printed Tickets Gala');
    expect(text).toContain('Guest 00');
    expect(text).toContain('Rotes Rathaus');
    expect(text).toContain('18:30 CEST');
    for (const code of await codesOf('registered')) expect(text).toContain(code);
    // No temporary file left beside it.
    expect(readdirSync(dir)).toEqual(['all.pdf']);
  });

  it('a filter picks whose tickets are printed', async () => {
    const path = join(dir, 'waiting.pdf');
    const result = await organizer.ok('tickets.batch', {
      eventId: event.id,
      filter: 'waitlisted',
      path,
    });
    expect(result.tickets).toBe(2);
    expect(qrCodesPerTicket(readFileSync(path)).filter(Boolean).sort()).toEqual(
      (await codesOf('waitlisted')).sort(),
    );
  });

  it('one attendee’s ticket', async () => {
    const [registration] = (
      await organizer.ok('registrations.list', { eventId: event.id, limit: 1 })
    ).items;
    const path = join(dir, 'one.pdf');
    expect(
      await organizer.ok('tickets.pdf', { registrationId: registration!.id, path }),
    ).toMatchObject({
      tickets: 1,
    });
    expect(qrCodesInPdf(readFileSync(path))).toEqual([registration!.ticketCode]);
  });

  it('refuses a relative path and door staff', async () => {
    expect(
      await organizer.call('tickets.batch', { eventId: event.id, path: 'x.pdf' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(
      await door.call('tickets.batch', { eventId: event.id, path: join(dir, 'door.pdf') }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
