import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySecretStore, type SecretStore } from '../../../electron/core/secrets';
import type { MailWorkerOptions } from '../../../electron/core/mail/worker';
import { onCleanup } from '../../support/cleanup';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { startTestSmtp, type TestSmtp, type TestSmtpOptions } from './smtp';

export const smtpLogin = { username: 'usher', password: 'smtp pass: keychain only' };
export const sender = { fromName: 'Usher Events', fromAddress: 'tickets@usher.example' };

export interface MailWorld {
  test: TestCore;
  smtp: TestSmtp;
  secrets: SecretStore;
  admin: Caller;
  organizer: Caller;
  door: Caller;
  /** Starts this core's mail worker, polling fast so tests do not wait. */
  startWorker(
    options?: Partial<MailWorkerOptions>,
  ): ReturnType<TestCore['core']['startMailWorker']>;
}

/**
 * A core whose desktop keychain is an in-memory store, a real SMTP server that wants a login, and
 * mail settings saved by an admin. The worker is not started: tests decide when mail goes out.
 */
export async function startMailWorld(
  label: string,
  smtpOptions: TestSmtpOptions = {},
  settings: { perMinute?: number } = {},
): Promise<MailWorld> {
  const smtp = await startTestSmtp({ auth: smtpLogin, ...smtpOptions });
  const secrets = createMemorySecretStore();
  const dir = mkdtempSync(join(tmpdir(), 'usher-mail-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const test = await startTestCore(
    { device: { settingsFile: join(dir, 'settings.json'), secrets } },
    label,
  );
  const admin = await setupAdmin(test);
  const organizer = await staffCaller(test, admin, 'organizer');
  const door = await staffCaller(test, admin, 'door');
  await admin.ok('mail.saveSettings', {
    host: '127.0.0.1',
    port: smtp.port,
    tls: 'none',
    ...smtpLogin,
    ...sender,
    perMinute: settings.perMinute ?? 10_000,
  });
  return {
    test,
    smtp,
    secrets,
    admin,
    organizer,
    door,
    startWorker: (options = {}) =>
      test.core.startMailWorker({ pollMs: 50, retryBaseMs: 200, retryMaxMs: 1_000, ...options }),
  };
}

/** Reads the outbox as the tests see it. */
export const outboxRows = (world: MailWorld, where = 'true', params: unknown[] = []) =>
  world.test.core.db.many<{
    id: string;
    kind: string;
    status: string;
    attempts: number;
    lastError: string | null;
    toAddress: string;
    registrationId: string | null;
  }>(
    `select id, kind, status, attempts, last_error as "lastError", to_address as "toAddress",
            registration_id as "registrationId"
       from mail_outbox where ${where} order by created_at, id`,
    params,
  );

/** Waits until no message is queued or in flight. */
export async function outboxSettled(world: MailWorld, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await world.test.core.db.one<{ n: number }>(
      `select count(*)::int as n from mail_outbox where status in ('queued', 'sending')`,
    );
    if (pending?.n === 0) return;
    if (Date.now() > deadline) {
      const rows = await world.test.core.db.many(
        `select kind, status, attempts, last_error, claimed_by, lease_until, next_attempt_at, now() from mail_outbox where status in ('queued', 'sending')`,
      );
      throw new Error(`${pending?.n} messages still pending: ${JSON.stringify(rows)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
