import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { EventDto } from '@shared/domain';
import { createEvent } from '../../support/events';
import { spawnTsChild } from '../../support/ts-child';
import { outboxRows, outboxSettled, smtpLogin, startMailWorld, type MailWorld } from './fixtures';

const ROUNDS = 4;
const child = join(__dirname, 'worker-child.ts');

let world: MailWorld;
let event: EventDto;

beforeAll(async () => {
  world = await startMailWorld('mail_crash');
  event = await createEvent(world.organizer, { maxAttendees: 10_000 });
  // A slow server keeps a message in flight most of the time, so the kill lands mid-send.
  world.smtp.delayMs = 25;
  // A slow database too (a loaded machine): each record of messages sent takes longer than a
  // send, so a worker that sent on before its records committed would leave several unrecorded.
  await world.test.core.db.run(
    `create function slow_sent_record() returns trigger language plpgsql as $$
       begin perform pg_sleep(0.06); return null; end $$;
     create trigger slow_sent_record after update on mail_outbox for each statement
       execute function slow_sent_record()`,
  );
});

/** Runs a worker in a child process and SIGKILLs it once `afterMessages` more have arrived. */
async function sendUntilKilled(afterMessages: number): Promise<void> {
  const proc = spawnTsChild(child, [world.test.database.url], {
    USHER_SMTP_PASSWORD: smtpLogin.password,
  });
  let err = '';
  proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((done) => proc.on('exit', (_, s) => done(s)));
  const target = world.smtp.received.length + afterMessages;
  const deadline = Date.now() + 30_000;
  while (world.smtp.received.length < target) {
    if (proc.exitCode !== null) throw new Error(`The worker exited early: ${err}`);
    if (Date.now() > deadline) throw new Error(`The worker sent nothing: ${err}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  // Somewhere in the next message's send, often while the server holds its reply.
  await new Promise((r) => setTimeout(r, Math.random() * 40));
  proc.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

it('loses no message and sends at most one duplicate per kill -9 of the worker', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    await world.organizer.ok('registrations.import', {
      eventId: event.id,
      csv: Array.from(
        { length: 25 },
        (_, i) => `Round${round} ${i},r${round}-${i}@example.org`,
      ).join('\n'),
    });
    await sendUntilKilled(3 + Math.floor(Math.random() * 15));
  }
  // A message the killed worker held stays claimed until its lease runs out, then this desktop's
  // worker sends it again.
  world.startWorker({ leaseMs: 500 });
  await outboxSettled(world, 60_000);

  const rows = await outboxRows(world);
  expect(rows).toHaveLength(ROUNDS * 25);
  expect(rows.every((row) => row.status === 'sent')).toBe(true);
  const ids = world.smtp.received.map((r) => r.mail.messageId!);
  const expected = rows.map((row) => `<${row.id}@usher.example>`);
  expect(new Set(ids)).toEqual(new Set(expected));
  const duplicates = ids.length - new Set(ids).size;
  expect(duplicates).toBeLessThanOrEqual(ROUNDS);
  for (const id of expected) {
    expect(ids.filter((x) => x === id).length).toBeLessThanOrEqual(2);
  }
}, 240_000); // Four worker processes each start tsx and compile the mail code: slow under load.
