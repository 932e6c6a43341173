import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDto } from '@shared/domain';
import { queueMessages } from '../../../electron/core/mail/queue';
import { createMailWorker } from '../../../electron/core/mail/worker';
import { createCore } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';
import { createMemorySecretStore } from '../../../electron/core/secrets';
import { onCleanup } from '../../support/cleanup';
import { createEvent } from '../../support/events';
import { outboxRows, outboxSettled, smtpLogin, startMailWorld, type MailWorld } from './fixtures';

let world: MailWorld;
let event: EventDto;

beforeAll(async () => {
  world = await startMailWorld('mail_outbox');
  event = await createEvent(world.organizer, { maxAttendees: 1000 });
});

const register = (n: number, tag: string) =>
  world.organizer.ok('registrations.import', {
    eventId: event.id,
    csv: Array.from({ length: n }, (_, i) => `${tag} ${i},${tag}-${i}@example.org`).join('\n'),
  });

const messageIds = () => world.smtp.received.map((r) => r.mail.messageId!);

describe('the outbox', () => {
  it('holds a message only if the change that causes it commits', async () => {
    const { registration } = await world.organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Rolled Back',
      email: 'rollback@example.org',
    });
    await world.test.core.db
      .tx(async (sql) => {
        await queueMessages(sql, 'cancelled', [registration.id]);
        throw new Error('the change failed after queueing');
      })
      .catch(() => {});
    expect(await outboxRows(world, `kind = 'cancelled'`)).toEqual([]);
    // A refused registration (already registered) queues nothing either.
    const again = await world.organizer.call('registrations.register', {
      eventId: event.id,
      name: 'Rolled Back',
      email: 'rollback@example.org',
    });
    expect(again.ok).toBe(false);
    expect(await outboxRows(world, `to_address = 'rollback@example.org'`)).toHaveLength(1);
  });

  it('is sent by exactly one of two desktops sharing the database', async () => {
    const second = await createCore({ databaseUrl: world.test.database.url, log: silentLogger });
    let closed = false;
    onCleanup(() => closed || second.close());
    await register(60, 'Two');
    const secrets = createMemorySecretStore();
    await secrets.set('smtp-password', smtpLogin.password);
    world.startWorker({ batch: 7 });
    second.startMailWorker({ password: () => secrets.get('smtp-password'), pollMs: 50, batch: 7 });
    await outboxSettled(world);
    const ids = messageIds();
    expect(new Set(ids).size).toBe(ids.length);
    const sent = await world.test.core.db.many<{ claimedBy: string; n: number }>(
      `select claimed_by as "claimedBy", count(*)::int as n from mail_outbox
        where status = 'sent' group by 1`,
    );
    expect(sent.reduce((sum, row) => sum + row.n, 0)).toBe(ids.length);
    // Both desktops took part: the claim shares the work instead of one of them idling.
    expect(sent.length).toBe(2);
    await second.close();
    closed = true;
  });

  it('retries a temporary refusal with backoff and sends the same Message-ID', async () => {
    world.smtp.refuseNext(2, 451, '4.3.0 Try again later');
    const { registration } = await world.organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Retried',
      email: 'retried@example.org',
    });
    await outboxSettled(world);
    const [row] = await outboxRows(world, 'registration_id = $1', [registration.id]);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(messageIds().filter((id) => id === `<${row!.id}@usher.example>`)).toHaveLength(1);
  });

  it('keeps a permanent failure with the server’s reason, and a resend goes out', async () => {
    world.smtp.refuseNext(1, 550, '5.1.1 No such mailbox here');
    const { registration } = await world.organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Bounced',
      email: 'bounced@example.org',
    });
    await outboxSettled(world);
    const [failed] = await world.organizer.ok('mail.messages', { registrationId: registration.id });
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toContain('No such mailbox here');

    const resent = await world.organizer.ok('mail.resend', { messageId: failed!.id });
    expect(resent).toMatchObject({ status: 'queued', kind: 'confirmation' });
    await outboxSettled(world);
    expect(
      await world.organizer.ok('mail.messages', { registrationId: registration.id }),
    ).toMatchObject([
      { id: failed!.id, status: 'failed' },
      { id: resent.id, status: 'sent' },
    ]);
  });

  it('waits out a server that is down and delivers when it is back', async () => {
    await world.smtp.stop();
    const before = world.smtp.received.length;
    await register(5, 'Down');
    const deadline = Date.now() + 10_000;
    // Every message tried and put back (refused connection: temporary), none lost.
    while ((await outboxRows(world, `status = 'queued' and attempts >= 2`)).length < 5) {
      if (Date.now() > deadline) throw new Error('no retries while the server was down');
      await new Promise((r) => setTimeout(r, 50));
    }
    const waiting = await outboxRows(world, `status = 'queued'`);
    expect(waiting.every((row) => row.lastError !== null)).toBe(true);
    await world.smtp.start();
    await outboxSettled(world);
    expect(world.smtp.received.length - before).toBe(5);
  });

  it('gives up after the last attempt, keeping the reason', async () => {
    // This file's worker steps aside for one that gives up quickly.
    const worker = world.test.core.startMailWorker();
    await worker.stop();
    await world.smtp.stop();
    await register(1, 'GiveUp');
    const third = await createCore({ databaseUrl: world.test.database.url, log: silentLogger });
    onCleanup(() => third.close());
    const quick = third.startMailWorker({
      password: async () => smtpLogin.password,
      pollMs: 20,
      retryBaseMs: 10,
      retryMaxMs: 20,
      maxAttempts: 3,
    });
    await outboxSettled(world);
    await quick.stop();
    const [row] = await outboxRows(world, `lower(to_address) = 'giveup-0@example.org'`);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row!.lastError).toMatch(/^Gave up after 3 attempts: /);
    await world.smtp.start();
    worker.start();
  });

  it('starts at most the configured number of messages per minute, across workers', async () => {
    const worker = world.test.core.startMailWorker();
    await worker.stop();
    // Everything sent in this file so far counts against the minute: make room for exactly 5.
    await world.test.core.db.run(
      `update mail_outbox set last_attempt_at = now() - interval '2 minutes'`,
    );
    await world.admin.ok('mail.saveSettings', {
      host: '127.0.0.1',
      port: world.smtp.port,
      tls: 'none',
      username: smtpLogin.username,
      fromName: 'Usher Events',
      fromAddress: 'tickets@usher.example',
      perMinute: 5,
    });
    await register(8, 'Limited');
    const workers = [1, 2].map((n) =>
      createMailWorker(world.test.core.db, {
        password: async () => smtpLogin.password,
        log: silentLogger,
        workerId: `limited-${n}`,
      }),
    );
    expect((await workers[0]!.runOnce()) + (await workers[1]!.runOnce())).toBe(5);
    expect(await workers[0]!.runOnce()).toBe(0);
    await Promise.all(workers.map((w) => w.stop()));
    expect(
      await outboxRows(world, `status = 'queued' and to_address like 'Limited-%'`),
    ).toHaveLength(3);
    await world.test.core.db.run(
      `update mail_outbox set last_attempt_at = now() - interval '2 minutes'`,
    );
    worker.start();
    await outboxSettled(world);
  });
});
