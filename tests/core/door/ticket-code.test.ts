import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeTicketCode } from '@shared/ticket-code';
import { newTicketCode } from '../../../electron/core/registrations/ticket-code';
import { setupAdmin, staffCaller, type Caller, type TestCore } from '../../support/core';
import { startStationWorld } from './fixtures';
import { createEvent } from './seed';

// A ticket code reaches the app however a person or a scanner writes it: the ticket dialog shows
// it in groups of four, a scanner may have Caps Lock on, a person reads O for 0 and I or L for 1.
// Scan, search and upload all read it through the one normal form.

let test: TestCore;
let admin: Caller;
let door: Caller;
let eventId: string;

/** A real code with a 0 and a 1 in it, so look-alike letters have something to stand for. */
const codeWithDigits = () => `01${newTicketCode().slice(2, 24)}10`;

/** Every way of writing `code` that must find its ticket. */
function variants(code: string): string[] {
  const groups = code.match(/.{1,4}/g)!;
  const lookAlike = (text: string, zero: string, one: string) =>
    text.replace(/0/g, zero).replace(/1/g, one);
  return [
    code.toLowerCase(),
    groups.join('-'),
    groups.join(' '),
    groups.join(' - ').toLowerCase(),
    lookAlike(code, 'O', 'I'),
    lookAlike(code, 'o', 'l'),
    lookAlike(code, 'O', 'L'),
    ` ${lookAlike(groups.join(' '), 'o', 'i').toLowerCase()}\t`,
  ];
}

async function register(name: string, code: string): Promise<string> {
  const row = await test.core.db.one<{ id: string }>(
    `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
     values ($1, $2, $3, $4, 'registered') returning id`,
    [eventId, name, `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`, code],
  );
  return row!.id;
}

beforeAll(async () => {
  ({ test } = await startStationWorld('door_ticket_code'));
  admin = await setupAdmin(test);
  door = await staffCaller(test, admin, 'door');
  eventId = await createEvent(test.core.db, 'Codes Night');
});

describe('normalizeTicketCode', () => {
  it('follows Crockford base32 decoding: case, separators, O, I and L', () => {
    expect(normalizeTicketCode('0123-4567 89ab-cdef')).toBe('0123456789ABCDEF');
    expect(normalizeTicketCode('oOiIlL')).toBe('001111');
    expect(normalizeTicketCode(' ab\tcd\n')).toBe('ABCD');
    // U is not in the alphabet: it stays, and so matches no ticket.
    expect(normalizeTicketCode('uU')).toBe('UU');
    for (let i = 0; i < 50; i++) {
      const code = newTicketCode();
      expect(normalizeTicketCode(code)).toBe(code);
      for (const variant of variants(code)) expect(normalizeTicketCode(variant)).toBe(code);
    }
  });
});

describe('every way of writing a code', () => {
  let scanned: { code: string; id: string };

  beforeAll(async () => {
    const code = codeWithDigits();
    scanned = { code, id: await register('Vera Variant', code) };
    await register('Other Person', codeWithDigits());
    await door.ok('scanner.prepare', { eventId });
  });

  it('is admitted at the door scanner, once', async () => {
    const [first, ...rest] = variants(scanned.code);
    expect(await door.ok('scanner.scan', { code: first! })).toMatchObject({
      verdict: 'valid',
      attendee: { id: scanned.id },
    });
    for (const variant of rest) {
      expect(await door.ok('scanner.scan', { code: variant })).toMatchObject({
        verdict: 'already_checked_in',
        attendee: { id: scanned.id },
      });
    }
  });

  it('is unknown with a U in it, and shows what was scanned', async () => {
    const withU = `U${scanned.code.slice(1)}`;
    expect(await door.ok('scanner.scan', { code: ` ${withU.toLowerCase()} ` })).toEqual({
      verdict: 'unknown',
      code: withU.toLowerCase(),
    });
  });

  it('finds the attendee in the organizer’s search', async () => {
    for (const variant of variants(scanned.code)) {
      const page = await admin.ok('registrations.list', { eventId, search: variant });
      expect(page.items.map((item) => item.id)).toEqual([scanned.id]);
    }
  });

  it('is checked in by checkins.upload', async () => {
    const codes = variants(codeWithDigits()).map(() => codeWithDigits());
    const ids = await Promise.all(codes.map((code, i) => register(`Upload ${i}`, code)));
    const written = codes.map((code, i) => variants(code)[i]!);
    const { results } = await door.ok('checkins.upload', {
      deviceId: 'door-codes',
      items: written.map((ticketCode) => ({
        kind: 'checkIn' as const,
        nonce: randomUUID(),
        eventId,
        ticketCode,
        scannedAt: new Date().toISOString(),
      })),
    });
    expect(results.map((result) => [result.registrationId, result.rejected])).toEqual(
      ids.map((id) => [id, null]),
    );
  });
});
