import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDto } from '@shared/domain';
import { createEvent } from '../../support/events';
import { staffCaller } from '../../support/core';
import { outboxSettled, sender, smtpLogin, startMailWorld, type MailWorld } from './fixtures';

let world: MailWorld;
let event: EventDto;

beforeAll(async () => {
  world = await startMailWorld('mail_settings');
  event = await createEvent(world.organizer, { title: 'Settings Fair' });
});

describe('mail settings', () => {
  it('keep the SMTP password in the keychain only: not in the database, not in the audit log', async () => {
    expect(await world.admin.ok('mail.getSettings', {})).toEqual({
      host: '127.0.0.1',
      port: world.smtp.port,
      tls: 'none',
      username: smtpLogin.username,
      ...sender,
      perMinute: 10_000,
      passwordSaved: true,
    });
    expect(await world.secrets.get('smtp-password')).toBe(smtpLogin.password);
    const dump = await world.test.core.db.many<{ row: string }>(
      `select row_to_json(s)::text as row from mail_settings s
       union all select row_to_json(a)::text from audit_log a`,
    );
    expect(dump.some((d) => d.row.includes(smtpLogin.password))).toBe(false);
    const [audit] = await world.test.core.db.many<{ after: Record<string, unknown> }>(
      `select after from audit_log where action = 'mail.saveSettings'`,
    );
    expect(audit!.after).toMatchObject({ host: '127.0.0.1', passwordChanged: true });
  });

  it('send a test message through the saved account', async () => {
    const before = world.smtp.received.length;
    const result = await world.admin.ok('mail.testSettings', { to: 'admin-inbox@example.org' });
    expect(result.accepted).toBe(true);
    expect(result.response).toMatch(/^250/);
    const [{ mail }] = (await world.smtp.waitFor(before + 1)).slice(before) as [
      (typeof world.smtp.received)[0],
    ];
    expect(mail.subject).toBe('Usher test message');
    expect(mail.from?.value).toEqual([{ name: sender.fromName, address: sender.fromAddress }]);
  });

  it('report a refused login as the server said it, without the password', async () => {
    await world.secrets.set('smtp-password', 'wrong password');
    const result = await world.admin.call('mail.testSettings', { to: 'admin-inbox@example.org' });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(JSON.stringify(result)).toContain('535');
    expect(JSON.stringify(result)).not.toContain('wrong password');
    await world.secrets.set('smtp-password', smtpLogin.password);
  });

  it('refuse bad input with VALIDATION and change nothing', async () => {
    const result = await world.admin.call('mail.saveSettings', {
      host: 'smtp.example.org\r\nX-Evil: 1',
      port: 70_000,
      tls: 'maybe' as 'none',
      fromName: 'Usher',
      fromAddress: 'not an address',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const fields = (result as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['fromAddress', 'host', 'port', 'tls']);
    expect(await world.admin.ok('mail.getSettings', {})).toMatchObject({
      host: '127.0.0.1',
      port: world.smtp.port,
    });
  });

  it('are for admins only', async () => {
    for (const caller of [world.organizer, world.door]) {
      expect(await caller.call('mail.getSettings', {})).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await caller.call('mail.testSettings', { to: 'someone@example.org' })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });
});

describe('templates', () => {
  it('start from Usher’s defaults and keep what the organizer saves', async () => {
    const list = await world.organizer.ok('mail.templates', { eventId: event.id });
    expect(list.map((t) => t.kind)).toEqual([
      'confirmation',
      'waitlisted',
      'promoted',
      'cancelled',
      'eventChanged',
      'eventCancelled',
      'reminder',
    ]);
    expect(list.every((t) => !t.customised)).toBe(true);
    const saved = await world.organizer.ok('mail.saveTemplate', {
      eventId: event.id,
      kind: 'confirmation',
      subject: '{{name}}, your pass for {{event}}',
      body: 'Dear {{name}},\n\nstart: {{start}}\nwhere: {{location}}\ncode: {{code}}',
      auto: true,
    });
    expect(saved).toMatchObject({ kind: 'confirmation', customised: true, auto: true });
  });

  it('preview exactly what the attendee receives', async () => {
    const { registration } = await world.organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Ada <b>Bold</b>',
      email: 'ada.bold@example.org',
    });
    const preview = await world.organizer.ok('mail.preview', {
      eventId: event.id,
      kind: 'confirmation',
      registrationId: registration.id,
    });
    expect(preview.subject).toBe('Ada <b>Bold</b>, your pass for Settings Fair');
    expect(preview.text).toContain(`code: ${registration.ticketCode}\n`);
    expect(preview.html).toContain('Dear Ada &lt;b&gt;Bold&lt;/b&gt;,');
    world.startWorker();
    await outboxSettled(world);
    const got = world.smtp.received.find((r) => r.mail.subject === preview.subject)!.mail;
    expect({ subject: got.subject, text: got.text, html: got.html }).toEqual({
      subject: preview.subject,
      text: preview.text,
      html: preview.html,
    });
  });

  it('preview an unsaved edit for a sample attendee', async () => {
    const preview = await world.organizer.ok('mail.preview', {
      eventId: event.id,
      kind: 'waitlisted',
      subject: 'Place {{position}}',
      body: 'Hi {{name}}',
    });
    expect(preview).toMatchObject({
      subject: 'Place 3',
      text: 'Hi Alex Example\n',
      attachments: [],
    });
  });

  it('refuse unknown placeholders and a subject with a line break', async () => {
    const typo = await world.organizer.call('mail.saveTemplate', {
      eventId: event.id,
      kind: 'cancelled',
      subject: 'Bye',
      body: 'Hello {{attendee}}',
      auto: true,
    });
    expect(typo).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { body: 'Unknown placeholder: {{attendee}}' } },
    });
    const header = await world.organizer.call('mail.saveTemplate', {
      eventId: event.id,
      kind: 'cancelled',
      subject: 'Bye\r\nBcc: everyone@example.org',
      body: 'Hello',
      auto: true,
    });
    expect(header).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const list = await world.organizer.ok('mail.templates', { eventId: event.id });
    expect(list.find((t) => t.kind === 'cancelled')!.customised).toBe(false);
  });
});

describe('who may send', () => {
  it('door staff cannot send, preview or read messages; organizers only for their own events', async () => {
    const other = await staffCaller(world.test, world.admin, 'organizer');
    const { registration } = await world.organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Roles Person',
      email: 'roles@example.org',
    });
    const [message] = await world.organizer.ok('mail.messages', {
      registrationId: registration.id,
    });
    const attempts = [
      ['mail.sendGroup', { eventId: event.id, filter: 'registered', subject: 'x', body: 'y' }],
      ['mail.countGroup', { eventId: event.id, filter: 'registered' }],
      ['mail.sendTickets', { eventId: event.id }],
      ['mail.resend', { messageId: message!.id }],
      ['mail.messages', { registrationId: registration.id }],
      ['mail.preview', { eventId: event.id, kind: 'confirmation' }],
      [
        'mail.saveTemplate',
        { eventId: event.id, kind: 'reminder', subject: 's', body: 'b', auto: false },
      ],
      ['tickets.batch', { eventId: event.id, path: '/tmp/x.pdf' }],
    ] as const;
    for (const [channel, input] of attempts) {
      for (const caller of [world.door, other]) {
        const result = await caller.call(channel, input as never);
        expect(result, `${channel}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
    const audits = await world.test.core.db.one<{ n: number }>(
      `select count(*)::int as n from audit_log where action in ('mail.sendGroup', 'mail.sendTickets', 'mail.resend')`,
    );
    expect(audits?.n).toBe(0);
  });
});
