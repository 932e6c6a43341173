import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDto } from '@shared/domain';
import { createEvent } from '../../support/events';
import { qrCodesInPdf, qrCodesInPng } from './decode';
import { outboxRows, sender, startMailWorld, type MailWorld } from './fixtures';
import { readCalendar, wallClock } from './ics';

let world: MailWorld;
let event: EventDto;
// Attendee-provided text that would be markup (and a header break) if it were not escaped.
const trickyName = 'Zoë <script>alert(1)</script> & "Co"';

beforeAll(async () => {
  world = await startMailWorld('mail_confirmation');
  event = await createEvent(world.organizer, {
    title: 'Rust & <Friends> Meetup',
    location: 'Kulturbrauerei, Berlin',
    startsAt: '2026-06-06T17:00:00.000Z',
    endsAt: '2026-06-06T21:00:00.000Z',
    timeZone: 'Europe/Berlin',
  });
});

describe('a registration confirmation', () => {
  it('is in the outbox as soon as the registration commits, before any worker runs', async () => {
    const { registration } = await world.organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Queued Only',
      email: 'queued@example.org',
    });
    const rows = await outboxRows(world, 'registration_id = $1', [registration.id]);
    expect(rows).toMatchObject([
      { kind: 'confirmation', status: 'queued', toAddress: 'queued@example.org' },
    ]);
  });

  it('arrives with both parts, the escaped name, the QR inline, the PDF and the .ics', async () => {
    const { registration } = await world.organizer.ok('registrations.register', {
      eventId: event.id,
      name: trickyName,
      email: 'zoe@example.org',
    });
    const preview = await world.organizer.ok('mail.preview', {
      eventId: event.id,
      kind: 'confirmation',
      registrationId: registration.id,
    });
    world.startWorker();
    const received = await world.smtp.waitFor(2);
    const { mail } = received.find((r) => r.mail.to && JSON.stringify(r.mail.to).includes('zoe@'))!;
    const [row] = await outboxRows(world, 'registration_id = $1', [registration.id]);

    // Headers
    expect(mail.from?.value).toEqual([{ name: sender.fromName, address: sender.fromAddress }]);
    expect(mail.to).toMatchObject({ value: [{ name: trickyName, address: 'zoe@example.org' }] });
    expect(mail.subject).toBe('Your ticket for Rust & <Friends> Meetup');
    expect(mail.messageId).toBe(`<${row!.id}@usher.example>`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    // Both parts, exactly as previewed; the name is plain in text and escaped in HTML.
    expect(mail.text).toBe(preview.text);
    expect(mail.html).toBe(preview.html);
    expect(mail.subject).toBe(preview.subject);
    expect(mail.text).toContain(`Hello ${trickyName},`);
    expect(mail.text).toContain('Saturday, 6 June 2026 at 19:00 CEST');
    expect(mail.html).toContain(
      'Hello Zoë &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;,',
    );
    expect(mail.html).not.toContain('<script');

    // The QR in the HTML, the PDF and the calendar entry.
    expect(mail.attachments.map((a) => a.filename)).toEqual(preview.attachments);
    const qr = mail.attachments.find((a) => a.filename === 'ticket-qr.png')!;
    expect(qr.contentDisposition).toBe('inline');
    expect(mail.html).toContain(`src="cid:${qr.cid}"`);
    expect(qrCodesInPng(qr.content)).toEqual([registration.ticketCode]);

    const pdf = mail.attachments.find((a) => a.filename === 'ticket.pdf')!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(qrCodesInPdf(pdf.content)).toEqual([registration.ticketCode]);

    const ics = mail.attachments.find((a) => a.filename === 'event.ics')!;
    const entries = readCalendar(ics.content.toString('utf8'));
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      method: 'PUBLISH',
      uid: `${registration.id}@usher`,
      summary: 'Rust & <Friends> Meetup',
      location: 'Kulturbrauerei, Berlin',
    });
    // UTC instants: 19:00 to 23:00 for a calendar in Berlin, 13:00 to 17:00 in New York.
    expect(entry!.start.zone?.tzid).toBe('UTC');
    expect(wallClock(entry!.start, 'Europe/Berlin')).toBe('2026-06-06 19:00');
    expect(wallClock(entry!.end, 'Europe/Berlin')).toBe('2026-06-06 23:00');
    expect(wallClock(entry!.start, 'America/New_York')).toBe('2026-06-06 13:00');
    expect(entry!.description).toContain(registration.ticketCode);

    expect(await outboxRows(world, 'registration_id = $1', [registration.id])).toMatchObject([
      { status: 'sent', attempts: 1 },
    ]);
    expect(
      await world.organizer.ok('mail.messages', { registrationId: registration.id }),
    ).toMatchObject([{ kind: 'confirmation', status: 'sent', lastError: null }]);
  });

  it('carries the same calendar UID when the ticket is sent again, so calendars update, not add', async () => {
    const { registration } = await world.organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Дмитрий Resend',
      email: 'resend@example.org',
    });
    world.startWorker();
    const toResend = (r: { mail: { to?: unknown } }) =>
      JSON.stringify(r.mail.to).includes('resend@example.org');
    const calendarOf = (mail: (typeof world.smtp.received)[number]['mail']) =>
      readCalendar(mail.attachments.find((a) => a.filename === 'event.ics')!.content.toString());
    await expect.poll(() => world.smtp.received.filter(toResend).length).toBe(1);
    const [message] = await world.organizer.ok('mail.messages', {
      registrationId: registration.id,
    });
    await world.organizer.ok('mail.resend', { messageId: message!.id });
    await expect.poll(() => world.smtp.received.filter(toResend).length).toBe(2);
    const [original, again] = world.smtp.received.filter(toResend).map((r) => r.mail);
    expect(again!.messageId).not.toBe(original!.messageId);
    const [before] = calendarOf(original!);
    const [after] = calendarOf(again!);
    expect(after!.uid).toBe(`${registration.id}@usher`);
    expect(after!.uid).toBe(before!.uid);
    expect(after!.start.compare(before!.start)).toBe(0);
  });

  it('keeps a line break in a name out of the headers', async () => {
    const before = world.smtp.received.length;
    await world.test.core.db.run(
      `insert into mail_outbox (event_id, registration_id, kind, to_address, to_name)
       select event_id, id, 'confirmation', 'crlf@example.org', E'Eve\\r\\nBcc: victim@example.org'
         from event_registrations where event_id = $1 limit 1`,
      [event.id],
    );
    const { mail, raw } = (await world.smtp.waitFor(before + 1))[before]!;
    expect(mail.bcc).toBeUndefined();
    const headers = raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(mail.to).toMatchObject({ value: [{ address: 'crlf@example.org' }] });
  });
});
