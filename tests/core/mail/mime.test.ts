import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { describe, expect, it } from 'vitest';
import { composeRaw } from '../../../electron/core/mail/mime';

// The worker writes each message itself in one pass (mime.ts) instead of through nodemailer's
// streams: the bytes must be exactly those nodemailer would have sent.
const nodemailerBuild = (mail: Mail.Options) =>
  new Promise<Buffer>((resolve, reject) =>
    new MailComposer(mail).compile().build((error, raw) => (error ? reject(error) : resolve(raw))),
  );

/** A ticket's shape: text and HTML, the inline QR, a PDF and an .ics, with fixed boundaries and date. */
const ticketMail = (name: string, text: string): Mail.Options => ({
  from: { name: 'Usher Tickets', address: 'tickets@usher.example' },
  to: { name, address: 'someone@example.org' },
  subject: `Your ticket, ${name}`,
  text,
  html: `<p>${text.replace(/\n/g, '<br>\n')}</p><img src="cid:qr@usher">`,
  attachments: [
    {
      filename: 'ticket-qr.png',
      contentType: 'image/png',
      content: pseudoBytes(700, 1),
      cid: 'qr@usher',
    },
    { filename: 'ticket.pdf', contentType: 'application/pdf', content: pseudoBytes(10_000, 2) },
    {
      filename: 'event.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      content: 'BEGIN:VCALENDAR\r\nSUMMARY:Zoë’s party\r\nEND:VCALENDAR\r\n',
    },
  ],
  messageId: '<0f8c0c4e-1111-4d5e-9a3e-0d5b8c7a1e2f@usher.example>',
  headers: { 'Auto-Submitted': 'auto-generated' },
  date: new Date('2026-06-06T17:00:00Z'),
  baseBoundary: 'fixed-for-the-test',
});

/** Bytes of every value, the same each run. */
function pseudoBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('a message written in one pass', () => {
  it.each([
    ['plain ASCII', 'Ada Lovelace', 'Hello Ada,\n\nyour ticket is attached.\n'],
    [
      'accents, quotes and a comma in the name; long and trailing-space lines',
      'Zoë "Zed" Ðorđević, Jr.',
      `Hallo Zoë,\n\nline with trailing spaces   \n${'long '.repeat(40)}\n=equals= and dots\n.\n`,
    ],
    ['Cyrillic and an address-like name', 'Дмитрий <dmitry@example.org>', 'Здравствуйте!\n'],
  ])('is byte for byte what nodemailer builds: %s', async (_case, name, text) => {
    const expected = await nodemailerBuild(ticketMail(name, text));
    expect(composeRaw(ticketMail(name, text)).toString('latin1')).toBe(expected.toString('latin1'));
  });

  it('refuses a part it would have to read from a stream or a file', () => {
    expect(() =>
      composeRaw({ ...ticketMail('A', 'a\n'), attachments: [{ path: '/etc/hostname' }] }),
    ).toThrow(/in memory only/);
  });
});
