import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDto } from '@shared/domain';
import { createEvent } from '../../support/events';
import { qrCodesInPng } from './decode';
import { outboxRows, outboxSettled, startMailWorld, type MailWorld } from './fixtures';

let world: MailWorld;

beforeAll(async () => {
  world = await startMailWorld('mail_messages');
  world.startWorker();
});

const mailTo = (address: string) =>
  world.smtp.received.filter((r) => r.mail.to && JSON.stringify(r.mail.to).includes(address));

const register = (event: EventDto, name: string) =>
  world.organizer.ok('registrations.register', {
    eventId: event.id,
    name,
    email: `${name.toLowerCase().replace(/\W/g, '')}@example.org`,
  });

describe('messages that follow the attendee', () => {
  it('tells a waitlisted attendee their place, then sends the ticket when a seat frees up', async () => {
    const event = await createEvent(world.organizer, { title: 'Tiny Room', maxAttendees: 1 });
    const seated = await register(event, 'Seated');
    await register(event, 'First Waiting');
    const second = await register(event, 'Second Waiting');
    await outboxSettled(world);
    expect(mailTo('secondwaiting@')[0]!.mail.text).toContain('You are number 2 on the waitlist');

    await world.organizer.ok('registrations.cancel', { id: seated.registration.id });
    await outboxSettled(world);
    expect(mailTo('seated@').map((r) => r.mail.subject)).toEqual([
      'Your ticket for Tiny Room',
      'Your registration for Tiny Room is cancelled',
    ]);
    const promoted = mailTo('firstwaiting@').map((r) => r.mail);
    expect(promoted.map((m) => m.subject)).toEqual([
      'You are on the waitlist for Tiny Room',
      'A seat freed up: your ticket for Tiny Room',
    ]);
    const qr = promoted[1]!.attachments.find((a) => a.filename === 'ticket-qr.png')!;
    const firstCode = (
      await world.organizer.ok('registrations.list', { eventId: event.id, status: 'registered' })
    ).items[0]!.ticketCode;
    expect(qrCodesInPng(qr.content)).toEqual([firstCode]);
    expect(second.outcome).toBe('waitlisted');
  });

  it('tells everyone registered or waiting when the event moves, and when it is cancelled', async () => {
    const event = await createEvent(world.organizer, { title: 'Moving Talk', maxAttendees: 1 });
    await register(event, 'Mover One');
    await register(event, 'Mover Two');
    const cancelled = await register(event, 'Mover Gone');
    await world.organizer.ok('registrations.cancel', { id: cancelled.registration.id });
    await outboxSettled(world);

    // A fixed typo in the description is not news.
    const edited = await world.organizer.ok('events.update', {
      id: event.id,
      version: event.version,
      description: 'Now with slides.',
    });
    const moved = await world.organizer.ok('events.update', {
      id: event.id,
      version: edited.version,
      location: 'Main Hall',
    });
    await world.organizer.ok('events.cancel', { id: moved.id });
    await outboxSettled(world);
    for (const who of ['moverone@', 'movertwo@']) {
      expect(
        mailTo(who)
          .map((r) => r.mail.subject)
          .slice(-2),
      ).toEqual(['Moving Talk has changed', 'Moving Talk is cancelled']);
    }
    expect(mailTo('movertwo@')[1]!.mail.text).toContain('at Main Hall');
    expect(mailTo('movergone@').map((r) => r.mail.subject)).toEqual([
      'You are on the waitlist for Moving Talk',
      'Your registration for Moving Talk is cancelled',
    ]);
  });

  it('sends nothing automatically that the organizer switched off', async () => {
    const event = await createEvent(world.organizer, { title: 'Quiet Event' });
    await world.organizer.ok('mail.saveTemplate', {
      eventId: event.id,
      kind: 'confirmation',
      subject: 'Ticket for {{event}}',
      body: 'Hi {{name}}',
      auto: false,
    });
    const { registration } = await register(event, 'Quiet Person');
    expect(await outboxRows(world, 'registration_id = $1', [registration.id])).toEqual([]);
    // …and "send tickets to everyone who has none yet" catches them up, once.
    expect(await world.organizer.ok('mail.sendTickets', { eventId: event.id })).toEqual({
      queued: 1,
    });
    expect(await world.organizer.ok('mail.sendTickets', { eventId: event.id })).toEqual({
      queued: 0,
    });
    await outboxSettled(world);
    expect(mailTo('quietperson@').map((r) => r.mail.subject)).toEqual(['Ticket for Quiet Event']);
  });
});

describe('a message to a group', () => {
  it('counts who will receive it, sends to exactly them, and is audited', async () => {
    const event = await createEvent(world.organizer, { title: 'Group Night', maxAttendees: 3 });
    const people = [];
    for (const name of ['Gina', 'Hank', 'Ivy', 'Jon']) people.push(await register(event, name));
    // Gina checks in at the door; Jon is on the waitlist.
    await world.test.core.db.run(
      `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
       values ($1, $2, now(), 'door-1', gen_random_uuid())`,
      [people[0]!.registration.id, event.id],
    );
    const count = (filter: 'registered' | 'waitlisted' | 'checkedIn' | 'noShow') =>
      world.organizer.ok('mail.countGroup', { eventId: event.id, filter });
    expect(await count('registered')).toEqual({ count: 3 });
    expect(await count('waitlisted')).toEqual({ count: 1 });
    expect(await count('checkedIn')).toEqual({ count: 1 });
    expect(await count('noShow')).toEqual({ count: 2 });

    await outboxSettled(world);
    const before = world.smtp.received.length;
    const sent = await world.organizer.ok('mail.sendGroup', {
      eventId: event.id,
      filter: 'noShow',
      subject: 'We missed you at {{event}}',
      body: 'Hello {{name}}, the slides are online.',
    });
    expect(sent).toEqual({ queued: 2 });
    await outboxSettled(world);
    const got = world.smtp.received.slice(before).map((r) => r.mail);
    expect(got.map((m) => m.text!.trim()).sort()).toEqual([
      'Hello Hank, the slides are online.',
      'Hello Ivy, the slides are online.',
    ]);
    expect(got.every((m) => m.subject === 'We missed you at Group Night')).toBe(true);
    expect(got.every((m) => m.attachments.length === 0)).toBe(true);
    const audit = await world.test.core.db.many<{ after: { queued: number; filter: string } }>(
      `select after from audit_log where action = 'mail.sendGroup' and entity_id = $1`,
      [event.id],
    );
    expect(audit).toMatchObject([{ after: { queued: 2, filter: 'noShow' } }]);
  });

  it('refuses an unknown placeholder and queues nothing', async () => {
    const event = await createEvent(world.organizer, { title: 'Typo Event' });
    await register(event, 'Typo Reader');
    const result = await world.organizer.call('mail.sendGroup', {
      eventId: event.id,
      filter: 'registered',
      subject: 'Hello {{nmae}}',
      body: 'Body',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { subject: 'Unknown placeholder: {{nmae}}' } },
    });
    expect(await outboxRows(world, `kind = 'group' and event_id = $1`, [event.id])).toEqual([]);
  });
});

describe('reminders', () => {
  it('go out once per attendee when the chosen time before the start has come', async () => {
    const soon = new Date(Date.now() + 30 * 60_000);
    const event = await createEvent(world.organizer, {
      title: 'Soon Event',
      startsAt: soon.toISOString(),
      endsAt: new Date(soon.getTime() + 3_600_000).toISOString(),
    });
    await register(event, 'Remind Me');
    await world.organizer.ok('mail.saveTemplate', {
      eventId: event.id,
      kind: 'reminder',
      subject: 'Reminder: {{event}}',
      body: 'See you soon, {{name}}. Code {{code}}.',
      auto: true,
      remindMinutes: 60,
    });
    await outboxSettled(world);
    // Several worker runs later, still one reminder.
    await new Promise((r) => setTimeout(r, 300));
    await outboxSettled(world);
    expect(mailTo('remindme@').map((r) => r.mail.subject)).toEqual([
      'Your ticket for Soon Event',
      'Reminder: Soon Event',
    ]);
  });

  it('wait while the start is further away than the chosen time', async () => {
    const event = await createEvent(world.organizer, { title: 'Later Event' });
    const { registration } = await register(event, 'Not Yet');
    await world.organizer.ok('mail.saveTemplate', {
      eventId: event.id,
      kind: 'reminder',
      subject: 'Reminder: {{event}}',
      body: 'Soon.',
      auto: true,
      remindMinutes: 60,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(
      await outboxRows(world, `registration_id = $1 and kind = 'reminder'`, [registration.id]),
    ).toEqual([]);
  });
});
