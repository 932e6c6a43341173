import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import nodemailer from 'nodemailer';
import PDFDocument from 'pdfkit';
import { createCore, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { createMemorySecretStore } from '../../electron/core/secrets';
import { adminInput, makeCaller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';
import { runCleanups } from '../support/cleanup';
import { startTestSmtp, type TestSmtp } from '../core/mail/smtp';
import { eventInput } from '../support/events';
import { report } from './stats';

const MESSAGES = Number(process.env.BENCH_MAIL_MESSAGES ?? 10_000);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 10_000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Measured {
  seconds: number;
  /** This process's CPU time (user and system): on a shared machine, steadier than the clock. */
  cpuSeconds: number;
  growth: number;
}

/** Samples RSS while `task` runs; returns seconds, CPU seconds and the peak growth over the start. */
async function measure(task: () => Promise<void>): Promise<Measured> {
  global.gc?.();
  // rss() alone: memoryUsage() also gathers V8's heap statistics, 40 times a second, on the
  // thread that sends.
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    await task();
  } finally {
    clearInterval(sampler);
  }
  const used = process.cpuUsage(cpu);
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    growth: peak - baseline,
  };
}

const cpuPerMessage = (m: Measured) => `${((m.cpuSeconds * 1000) / MESSAGES).toFixed(2)} ms`;

/**
 * 10,000 confirmations (rendered with QR, PDF ticket and .ics, claimed from the outbox, sent over
 * SMTP to a local smtp-server) against the floor of nodemailer sending 10,000 short prepared
 * messages to the same server over the same pool; then a 10,000-ticket batch PDF against pdfkit
 * writing the same number of pages' worth of plain text. Run alone:
 *   TSX_TSCONFIG_PATH=tsconfig.node.json npx tsx tests/bench/run.ts mail
 */
export async function run(): Promise<void> {
  const database = await createTestDatabase('bench_mail');
  const smtp = await startTestSmtp({ parse: false });
  const core = await createCore({
    databaseUrl: database.url,
    log: silentLogger,
    device: {
      settingsFile: join(tmpdir(), 'usher-bench-settings.json'),
      secrets: createMemorySecretStore(),
    },
  });
  const dir = await mkdtemp(join(tmpdir(), 'usher-mail-bench-'));
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    await admin.ok('mail.saveSettings', {
      host: '127.0.0.1',
      port: smtp.port,
      tls: 'none',
      fromName: 'Usher Bench',
      fromAddress: 'bench@usher.example',
      perMinute: 100_000,
    });
    const event = await admin.ok('events.create', eventInput({ maxAttendees: null }));

    const floor = await measure(() => floorSend(smtp));
    smtp.received.length = 0;

    await admin.ok('registrations.import', {
      eventId: event.id,
      csv: Array.from({ length: MESSAGES }, (_, i) => `Attendee ${i},a${i}@example.org`).join('\n'),
    });
    const usher = await measure(() => drain(core, smtp));

    const pdfFloor = await measure(() => plainPdf(join(dir, 'floor.pdf')));
    const batchPath = join(dir, 'tickets.pdf');
    const batch = await measure(async () => {
      await admin.ok('tickets.batch', { eventId: event.id, path: batchPath });
    });
    const rate = MESSAGES / usher.seconds;
    const floorRate = MESSAGES / floor.seconds;
    report(`mail: ${MESSAGES.toLocaleString('en')} confirmations with QR, PDF and .ics`, {
      'floor: nodemailer, prepared text': `${floorRate.toFixed(0)} msg/s`,
      'usher: outbox -> render -> SMTP': `${rate.toFixed(0)} msg/s (target >= 200/s)`,
      'usher / floor': `${(rate / floorRate).toFixed(2)}x of the floor's rate`,
      'CPU per message: floor, usher': `${cpuPerMessage(floor)}, ${cpuPerMessage(usher)}`,
      'usher peak RSS growth': `${mb(usher.growth)} (target < 150 MB)`,
      'floor peak RSS growth': mb(floor.growth),
    });
    report(`tickets: batch PDF of ${TICKETS.toLocaleString('en')} tickets`, {
      'floor: pdfkit, text only, same pages': `${pdfFloor.seconds.toFixed(2)} s`,
      'usher batch PDF': `${batch.seconds.toFixed(2)} s, ${mb((await stat(batchPath)).size)} file`,
      'usher / floor': `${(batch.seconds / pdfFloor.seconds).toFixed(2)}x`,
      'usher peak RSS growth': mb(batch.growth),
    });
  } finally {
    await core.close();
    await rm(dir, { recursive: true, force: true });
    await runCleanups();
  }
}

async function floorSend(smtp: TestSmtp): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    pool: true,
    maxConnections: 4,
    maxMessages: 500,
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < MESSAGES) {
        const i = next++;
        await transport.sendMail({
          from: 'bench@usher.example',
          to: `a${i}@example.org`,
          subject: 'Your ticket',
          text: 'Hello, here is your ticket.',
        });
      }
    }),
  );
  transport.close();
}

async function drain(core: Core, smtp: TestSmtp): Promise<void> {
  const worker = core.startMailWorker({ pollMs: 20, password: async () => null });
  while (smtp.received.length < MESSAGES) await new Promise((r) => setTimeout(r, 20));
  await worker.stop();
}

async function plainPdf(path: string): Promise<void> {
  const doc = new PDFDocument({ autoFirstPage: false });
  const out = createWriteStream(path);
  doc.pipe(out);
  for (let i = 0; i < TICKETS; i++) {
    if (i % 8 === 0) doc.addPage({ size: 'A4', margin: 0 });
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(`Attendee ${i} 0123456789ABCDEFGHJKMNPQRS`, 40, 40 + (i % 8) * 90);
  }
  doc.end();
  await once(out, 'finish');
}
