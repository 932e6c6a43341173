import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db';
import type { Logger } from '../log';
import { claimDue, loadContexts, markFailed, markRetry, sentRecorder } from './outbox';
import { sendSlots } from './send-slots';
import { queueDueReminders } from './queue';
import type { MessageContext } from './render';
import { readMailSettings, type MailSettings } from './settings';
import type { PasswordSource, SmtpTransport } from './transport';

// Rendering (pdfkit, fontkit, qrcode) and SMTP (nodemailer) load when there is mail to send: a
// `usher` call, or a desktop that sends none, does not pay for them at start-up.
// Each asked for once: under tsx every import() goes through the loader again.
let renderModule: Promise<typeof import('./outgoing')> | null = null;
let transportModule: Promise<typeof import('./transport')> | null = null;
const rendering = () => (renderModule ??= import('./outgoing'));
const smtpLibrary = () => (transportModule ??= import('./transport'));

export interface MailWorkerOptions {
  password: PasswordSource;
  log: Logger;
  /** Names this worker in the outbox (claimed_by); unique per process by default. */
  workerId?: string;
  pollMs?: number;
  batch?: number;
  leaseMs?: number;
  /** First retry after this; each further one waits twice as long, up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** After this many temporary failures the message is kept as failed with the last reason. */
  maxAttempts?: number;
  /** SMTP connections in parallel. */
  connections?: number;
}

export interface MailWorker {
  readonly id: string;
  start(): void;
  /** Sends what is due now, once; returns how many messages it settled. */
  runOnce(): Promise<number>;
  /** Looks for work now instead of at the next poll (after this desktop queued something). */
  wake(): void;
  stop(): Promise<void>;
}

export function createMailWorker(db: Db, options: MailWorkerOptions): MailWorker {
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 2_000;
  const batch = options.batch ?? 50;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const retryMaxMs = options.retryMaxMs ?? 60 * 60_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const { log } = options;

  let transport: { key: string; smtp: SmtpTransport } | null = null;
  const recordSent = sentRecorder(db, id);
  const connections = options.connections ?? 4;
  // As many messages out and not yet recorded as there are connections (send-slots.ts).
  const slots = sendSlots(connections);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  // The pool follows the saved account: a changed host or password takes effect on the next run.
  async function smtpFor(settings: MailSettings): Promise<SmtpTransport> {
    const password = settings.username ? await options.password() : null;
    const key = JSON.stringify([settings, password]);
    if (transport?.key !== key) {
      const { createSmtpTransport } = await smtpLibrary();
      transport?.smtp.close();
      transport = {
        key,
        smtp: createSmtpTransport(settings, password, { connections }),
      };
    }
    return transport.smtp;
  }

  const backoff = (attempts: number) => {
    const full = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempts - 1));
    // Jitter spreads a crowd of retries after an outage instead of sending them in one burst.
    return full * (0.75 + Math.random() * 0.25);
  };

  async function sendOne(
    smtp: SmtpTransport,
    settings: MailSettings,
    outboxId: string,
    context: MessageContext,
    attempts: number,
  ): Promise<void> {
    try {
      const raw = await (
        await rendering()
      ).renderOutgoing({
        outboxId,
        context,
        from: { name: settings.fromName, address: settings.fromAddress },
      });
      // Built whole beforehand: nodemailer only carries the bytes, to the addresses given here.
      await slots.take();
      try {
        await smtp.sendMail({
          envelope: { from: settings.fromAddress, to: [context.to.address] },
          raw,
        });
        await recordSent(outboxId);
      } finally {
        slots.give();
      }
    } catch (error) {
      const failure = (await smtpLibrary()).classifySendError(error);
      if (failure.permanent || attempts >= maxAttempts) {
        const reason = failure.permanent
          ? failure.reason
          : `Gave up after ${attempts} attempts: ${failure.reason}`;
        await markFailed(db, outboxId, id, reason);
        log.warn('A message could not be delivered', { outboxId, reason });
      } else {
        await markRetry(db, outboxId, id, failure.reason, backoff(attempts));
      }
    }
  }

  async function runOnce(): Promise<number> {
    const settings = await readMailSettings(db);
    if (!settings) return 0;
    await queueDueReminders(db);
    const claimed = await claimDue(db, {
      workerId: id,
      batch,
      leaseMs,
      perMinute: settings.perMinute,
    });
    if (claimed.length === 0) return 0;
    const smtp = await smtpFor(settings);
    const contexts = await loadContexts(
      db,
      claimed.map((message) => message.id),
    );
    // The pool spreads different attendees over its connections; one attendee's messages go one
    // after the other, in the order they were queued (a change before the cancellation).
    const chains = new Map<string, Promise<void>>();
    for (const { id: outboxId, attempts } of claimed) {
      const context = contexts.get(outboxId);
      // Gone with its event or registration: nothing left to send.
      if (!context) continue;
      const key = context.to.address.toLowerCase();
      const previous = chains.get(key) ?? Promise.resolve();
      chains.set(
        key,
        previous.then(() => sendOne(smtp, settings, outboxId, context, attempts)),
      );
    }
    await Promise.all(chains.values());
    return claimed.length;
  }

  function schedule(delay: number) {
    if (stopped) return;
    clearTimeout(timer ?? undefined);
    timer = setTimeout(tick, delay);
  }

  function tick() {
    if (running || stopped) return;
    running = runOnce()
      .then(
        (settled) => schedule(settled >= batch ? 0 : pollMs),
        (error: unknown) => {
          log.error('The mail worker could not run', { error: (error as Error).message });
          schedule(pollMs);
        },
      )
      .finally(() => (running = null));
  }

  return {
    id,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    runOnce,
    wake() {
      if (!stopped && !running) schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer ?? undefined);
      await running;
      transport?.smtp.close();
      transport = null;
    },
  };
}
