import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { createEvent } from '../support/events';
import {
  outboxRows,
  outboxSettled,
  smtpLogin,
  startMailWorld,
  type MailWorld,
} from '../core/mail/fixtures';

// `usher mail-worker` as a server runs it: the built bin, the password from the environment.
const bin = join(__dirname, '../../electron/cli/usher.cjs');
let world: MailWorld;

beforeAll(async () => {
  if (!existsSync(join(__dirname, '../../out/main/cli.js'))) {
    throw new Error('The CLI is not built: run `npm run build` (npm test builds first)');
  }
  world = await startMailWorld('cli_mail_worker');
});

it('sends the outbox without a window and stops cleanly on SIGTERM', async () => {
  const event = await createEvent(world.organizer, { title: 'Server Sent' });
  await world.organizer.ok('registrations.register', {
    eventId: event.id,
    name: 'Headless Hannah',
    email: 'hannah@example.org',
  });
  const child = spawn(process.execPath, [bin, 'mail-worker'], {
    env: {
      ...process.env,
      DATABASE_URL: world.test.database.url,
      USHER_SMTP_PASSWORD: smtpLogin.password,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  try {
    const [{ mail }] = (await world.smtp.waitFor(1, 30_000)) as [(typeof world.smtp.received)[0]];
    expect(mail.subject).toBe('Your ticket for Server Sent');
    await outboxSettled(world);
    expect(await outboxRows(world)).toMatchObject([{ status: 'sent', attempts: 1 }]);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(stderr).toContain('mail worker stopped');
  expect(stderr).not.toContain(smtpLogin.password);
});
