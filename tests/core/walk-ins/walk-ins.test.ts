import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '@shared/contract';
import { hashToken } from '../../../electron/core/auth/tokens';
import { applyWalkIns } from '../../../electron/core/walk-ins/apply-walk-ins';
import { newTicketCode } from '../../../electron/core/registrations/ticket-code';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent } from '../../support/events';
import { questionInput } from '../questions/fixtures';

// Walk-ins online: a door supervisor registers someone at the station and the server decides
// through the event lock registering takes, before the person is let in.

type Item = ChannelInput<'walkIns.upload'>['items'][number];

let test: TestCore;
let admin: Caller;
let supervisor: Caller;
let steward: Caller;
let eventId: string;
let typeId: string;
let dietId: string;
let companyId: string;

beforeAll(async () => {
  test = await startTestCore({}, 'walk_ins');
  admin = await setupAdmin(test);
  supervisor = await staffCaller(test, admin, 'door');
  steward = await staffCaller(test, admin, 'steward');
  const event = await createEvent(admin, { title: 'Small Hall', maxAttendees: 2 });
  eventId = event.id;
  typeId = (await admin.ok('ticketTypes.list', { eventId }))[0]!.id;
  const diet = await admin.ok(
    'questions.create',
    questionInput(eventId, {
      label: 'Diet',
      kind: 'singleChoice',
      choices: ['none', 'vegetarian'],
      required: true,
      doorVisible: true,
    }),
  );
  dietId = diet.id;
  // Asked when registering ahead; the door does not see it, so a walk-in is never held to it.
  const company = await admin.ok(
    'questions.create',
    questionInput(eventId, { label: 'Company', required: true }),
  );
  companyId = company.id;
});

const walkIn = (overrides: Partial<Item> = {}): Item => ({
  nonce: randomUUID(),
  eventId,
  ticketCode: newTicketCode(),
  name: 'Wally Walker',
  email: `wally-${Math.random().toString(36).slice(2)}@example.org`,
  ticketTypeId: typeId,
  answers: { [dietId]: 'vegetarian' },
  at: new Date().toISOString(),
  ifFull: 'refuse',
  ...overrides,
});

const upload = (caller: Caller, ...items: Item[]) =>
  caller.call('walkIns.upload', { deviceId: 'gate-a', items });

const registrationsOf = () =>
  test.core.db.many<{ id: string; walk_in: string | null; attendee_email: string }>(
    `select id, walk_in, attendee_email from event_registrations where event_id = $1 order by seq`,
    [eventId],
  );
const counters = () =>
  test.core.db.one<{ registered: number }>(
    'select registered_count as registered from events where id = $1',
    [eventId],
  );

describe('walk-ins online', () => {
  it('refuses a steward at the router, in the core and in the database', async () => {
    const item = walkIn();
    expect(await upload(steward, item)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const stewardUser = (await steward.ok('auth.session', {})).user!;
    await expect(
      test.core.db.tx((sql) =>
        applyWalkIns(
          sql,
          { deviceId: 'gate-a', items: [{ ...item, offline: false, answers: {} }] },
          stewardUser,
          steward.ctx.token!,
        ),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      test.core.db.one(
        `select usher_door_walk_in($1, $2, $3, $4, 'Sneaky', 'sneaky@example.org', $5, '{}', true)`,
        [hashToken(steward.ctx.token!), item.nonce, eventId, item.ticketCode, typeId],
      ),
    ).rejects.toMatchObject({ code: '42501' });
    expect(await registrationsOf()).toHaveLength(0);
  });

  it('holds the door-visible answers to the event’s schema, and asks nothing else', async () => {
    const missing = walkIn({ answers: {} });
    const [refused] = (
      await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [missing] })
    ).results;
    expect(refused).toMatchObject({
      applied: false,
      rejected: 'invalid',
      fields: { [`answers.${dietId}`]: 'This question is required' },
    });
    const hidden = walkIn({ answers: { [dietId]: 'none', [companyId]: 'ACME' } });
    const [notAtDoor] = (
      await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [hidden] })
    ).results;
    expect(notAtDoor).toMatchObject({ rejected: 'invalid' });
    const badChoice = walkIn({ answers: { [dietId]: 'carnivore' } });
    const [wrong] = (
      await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [badChoice] })
    ).results;
    expect(wrong).toMatchObject({ rejected: 'invalid' });
    expect(await registrationsOf()).toHaveLength(0);
  });

  it('registers a walk-in with its answers, a ticket by mail and an audit row', async () => {
    const item = walkIn();
    const { results } = await supervisor.ok('walkIns.upload', {
      deviceId: 'gate-a',
      items: [item],
    });
    expect(results[0]).toMatchObject({
      nonce: item.nonce,
      applied: true,
      rejected: null,
      flag: 'admitted',
      attendee: {
        id: item.nonce,
        ticketCode: item.ticketCode,
        status: 'registered',
        doorAnswers: [{ label: 'Diet', value: 'vegetarian' }],
      },
    });
    const registration = await admin.ok('registrations.get', { id: item.nonce });
    expect(registration).toMatchObject({ walkIn: 'admitted', attendeeEmail: item.email });
    expect((await admin.ok('answers.get', { registrationId: item.nonce })).answers).toEqual({
      [dietId]: 'vegetarian',
    });
    const mail = await test.core.db.many(
      'select kind from mail_outbox where registration_id = $1',
      [item.nonce],
    );
    expect(mail).toEqual([{ kind: 'confirmation' }]);
    const audit = await test.core.db.many<{ action: string; actor_id: string }>(
      `select action, actor_id from audit_log where entity_id = $1`,
      [item.nonce],
    );
    expect(audit.map((row) => row.action)).toEqual(['walkIns.register']);
  });

  it('applies a re-sent walk-in once', async () => {
    const item = walkIn();
    await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [item] });
    const before = (await counters())!.registered;
    const again = await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [item] });
    expect(again.results[0]).toMatchObject({ applied: false, rejected: null, flag: 'admitted' });
    expect((await registrationsOf()).filter((r) => r.id === item.nonce)).toHaveLength(1);
    expect((await counters())!.registered).toBe(before);
  });

  it('answers FULL when no seat is left, and admits anyway when the supervisor says so, flagged and audited', async () => {
    // Two seats, both taken by the walk-ins above.
    expect((await counters())!.registered).toBe(2);
    const asked = walkIn();
    const [full] = (await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [asked] }))
      .results;
    expect(full).toMatchObject({ applied: false, rejected: 'full' });
    expect(await registrationsOf()).toHaveLength(2);

    const forced = { ...asked, ifFull: 'admit' as const };
    const [admitted] = (
      await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [forced] })
    ).results;
    expect(admitted).toMatchObject({ applied: true, flag: 'over_capacity' });
    expect((await counters())!.registered).toBe(3);
    const audit = await test.core.db.one<{ after: { walkIn: string } }>(
      `select after from audit_log where action = 'walkIns.register' and entity_id = $1`,
      [asked.nonce],
    );
    expect(audit!.after.walkIn).toBe('over_capacity');
    const listed = await admin.ok('registrations.list', { eventId });
    expect(listed.items.find((r) => r.id === asked.nonce)?.walkIn).toBe('over_capacity');
  });

  it('refuses an email already registered online, and keeps an offline one flagged', async () => {
    const [first] = await registrationsOf();
    const online = walkIn({ email: first!.attendee_email.toUpperCase(), ifFull: 'admit' });
    const [duplicate] = (
      await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [online] })
    ).results;
    expect(duplicate).toMatchObject({
      rejected: 'duplicate',
      fields: { email: expect.any(String) },
    });
    const offline = { ...online, nonce: randomUUID(), ticketCode: newTicketCode(), offline: true };
    const [kept] = (await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [offline] }))
      .results;
    expect(kept).toMatchObject({ applied: true, flag: 'duplicate_email' });
  });

  it('keeps an offline walk-in whose answers no longer pass, the answers set aside in the audit', async () => {
    const item = {
      ...walkIn({ answers: { [dietId]: 'carnivore' }, ifFull: 'admit' }),
      offline: true,
    };
    const [kept] = (await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [item] }))
      .results;
    expect(kept).toMatchObject({ applied: true, rejected: null, attendee: { doorAnswers: [] } });
    const setAside = await test.core.db.one<{ after: { answers: unknown } }>(
      `select after from audit_log where action = 'walkIns.answersSetAside' and entity_id = $1`,
      [item.nonce],
    );
    expect(setAside!.after.answers).toEqual({ [dietId]: 'carnivore' });
  });

  it('refuses an event the supervisor does not work', async () => {
    const draft = await createEvent(admin, { title: 'Not yet', status: 'draft' });
    const item = walkIn({ eventId: draft.id });
    const [closed] = (await supervisor.ok('walkIns.upload', { deviceId: 'gate-a', items: [item] }))
      .results;
    expect(closed).toMatchObject({ rejected: 'event_closed' });
  });
});
