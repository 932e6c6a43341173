import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelNames, errorCodes, type ChannelName, type Envelope } from '@shared/contract';
import type { Caller } from '../../support/core';
import { startFuzzWorld, type FuzzWorld } from './world';

// Hundreds of hostile inputs on every channel, as an admin and as an organizer who does not own
// the world's event. Every answer is an envelope, never INTERNAL; an error answer writes
// nothing; and a bystander's calls, made all along, never fail.

let world: FuzzWorld;

beforeAll(async () => {
  world = await startFuzzWorld('fuzz_channels');
});

const deep = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value, b: [i] };
  return value;
};
const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Values that replace one field of a valid input, or the whole input. */
function hostileValues(): unknown[] {
  const { ids, cursorA } = world;
  return [
    undefined,
    null,
    true,
    0,
    -1,
    1.5,
    2 ** 53 + 1,
    1e308,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '',
    ' ',
    'x'.repeat(1_000_001),
    '\u0000',
    'name\u0000with nul',
    '\uD800 lone surrogate',
    '🎉👩‍👩‍👧‍👦 مرحبا \u202Eevil',
    'Robert"); drop table events;--',
    "' or 1=1 --",
    '%_\\',
    '0000-01-01T00:00:00Z',
    '2026-02-30T10:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00Z',
    'AET',
    'Mars/Olympus_Mons',
    '99999999999999999999',
    '18446744073709551616',
    `1.${randomUUID()}.5:3:.`,
    cursorA.replace(/^\d+/, '99999999999999999999'),
    '00000000-0000-0000-0000-000000000000',
    randomUUID(),
    ids.eventA,
    ids.draftA,
    ids.registrationA,
    ids.checkInA,
    ids.victim,
    ids.ownerA,
    [],
    [1, 'two', null],
    {},
    JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    ),
    deep(200),
    nested(5_000),
  ];
}

/** Hostile variants of one channel's valid input: whole-input, per field, extra keys. */
function variants(channel: ChannelName, valid: unknown): unknown[] {
  const values = hostileValues();
  const out: unknown[] = [...values];
  const base = valid as Record<string, unknown>;
  for (const key of Object.keys(base)) {
    // Never a path this test has not chosen: a relative one would write into the checkout.
    if (channel === 'exports.attendees' && key === 'path') {
      out.push({ ...base, path: '\u0000' }, { ...base, path: `/tmp/${'é'.repeat(200)}.csv` });
      continue;
    }
    for (const value of values) out.push({ ...base, [key]: value });
    const inner = base[key];
    if (Array.isArray(inner) && inner.length > 0 && typeof inner[0] === 'object') {
      // Inside the first element too (check-in items).
      for (const innerKey of Object.keys(inner[0] as object)) {
        for (const value of values.slice(0, 32)) {
          out.push({ ...base, [key]: [{ ...(inner[0] as object), [innerKey]: value }] });
        }
      }
      out.push({ ...base, [key]: Array.from({ length: 1001 }, () => inner[0]) });
    }
  }
  out.push({ ...base, unexpected: 1 });
  out.push(Object.assign(JSON.parse('{"__proto__": {"role": "admin"}}'), base));
  return out;
}

/**
 * Writes visible to users, leaving out the bystander's own event; audit rows and sign-in
 * counters are written on errors on purpose.
 */
const fingerprint = () =>
  world.test.core.db.one<Record<string, string>>(
    `with mine as (select id from events where title like 'Bystander %')
     select
       (select count(*) || ':' || coalesce(sum(version), 0) from events
         where id not in (select id from mine)) as events,
       (select count(*) || ':' || md5(coalesce(string_agg(id::text || status || attendee_name, ',' order by id), ''))
          from event_registrations where event_id not in (select id from mine)) as registrations,
       (select count(*) || ':' || count(reverted_at) from check_ins) as check_ins,
       (select count(*) || ':' || md5(coalesce(string_agg(id::text || role || full_name || disabled || password_hash, ',' order by id), ''))
          from users) as users`,
  );

/** A short, safe label for a failing input: never the whole 1 MB string or 5,000 levels. */
function labelOf(input: unknown): string {
  if (input === null || typeof input !== 'object') return String(input).slice(0, 80);
  return `{${Object.entries(input)
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === 'object' ? typeof value : String(value).slice(0, 60)}`,
    )
    .join(', ')}}`;
}

function assertEnvelope(channel: string, input: unknown, result: Envelope<unknown>) {
  const where = `${channel} ${labelOf(input)}`;
  expect(typeof result.ok, where).toBe('boolean');
  if (result.ok) {
    expect(result, where).toHaveProperty('value');
    return;
  }
  expect(errorCodes, where).toContain(result.error.code);
  expect(typeof result.error.message, where).toBe('string');
  expect(result.error.code, `${where}: ${result.error.message}`).not.toBe('INTERNAL');
}

async function fuzz(label: string, caller: () => Caller) {
  let calls = 0;
  const bystanderAnswers: string[] = [];
  let fuzzing = true;
  // A bystander organizer working on an event of their own all along.
  const bystander = (async () => {
    const event = await world.organizerB.ok('events.create', {
      title: `Bystander ${label}`,
      startsAt: '2026-09-01T18:00:00Z',
      endsAt: '2026-09-01T22:00:00Z',
      timeZone: 'Europe/Berlin',
      status: 'published',
    });
    for (let i = 0; fuzzing; i++) {
      const results = await Promise.all([
        world.organizerB.call('registrations.register', {
          eventId: event.id,
          name: `Bystander guest ${i}`,
          email: `by-${label}-${i}@example.org`,
        }),
        world.organizerB.call('events.list', { limit: 5 }),
        world.organizerB.call('registrations.list', { eventId: event.id }),
      ]);
      bystanderAnswers.push(...results.map((r) => (r.ok ? 'ok' : r.error.code)));
    }
  })();

  try {
    for (const channel of channelNames) {
      for (const input of variants(channel, world.valid[channel])) {
        // Signing out or in would change whose session the next call runs under: those run on
        // a session of their own.
        const who = channel.startsWith('auth.') ? world.test.caller() : caller();
        // The door station syncs in the background: what an earlier, accepted call queued (a
        // scan, a walk-in's check-in) could reach the server during this one. Sent first, so a
        // write seen here is this call's own.
        if (channel.startsWith('scanner.')) await world.test.core.call('scanner.sync', {}, who.ctx);
        const before = await fingerprint();
        const result = await world.test.core.call(channel, input, who.ctx);
        calls++;
        assertEnvelope(channel, input, result);
        if (!result.ok) {
          expect(await fingerprint(), `${channel} wrote on ${result.error.code}`).toEqual(before);
        }
      }
    }
  } finally {
    fuzzing = false;
    await bystander;
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).role).toBeUndefined();
  expect(bystanderAnswers.length).toBeGreaterThan(0);
  expect(bystanderAnswers.filter((code) => code !== 'ok')).toEqual([]);
  return calls;
}

describe('every channel under hostile input', () => {
  it('as an admin', async () => {
    const calls = await fuzz('admin', () => world.admin);
    expect(calls).toBeGreaterThan(channelNames.length * 100);
  }, 600_000);

  it('as an organizer who owns nothing here', async () => {
    const calls = await fuzz('organizer', () => world.organizerB);
    expect(calls).toBeGreaterThan(channelNames.length * 100);
  }, 600_000);
});
