import { once } from 'node:events';
import type { Core } from '../core';
import { UsageError } from './usage';

export const mailWorkerUsage = `Usage: usher mail-worker

Sends the outbox's messages until stopped (Ctrl-C or SIGTERM), alongside or instead of the
desktops' own workers: each message is claimed by one sender. The SMTP account is the one saved
in Settings → Mail; its password comes from USHER_SMTP_PASSWORD, or else from this computer's
keychain.`;

/** Runs this process's mail worker until a signal asks it to stop; a message in flight finishes. */
export async function runMailWorker(core: Core, stderr: NodeJS.WritableStream): Promise<number> {
  const fromEnv = process.env.USHER_SMTP_PASSWORD;
  const worker = core.startMailWorker(fromEnv ? { password: async () => fromEnv } : {});
  stderr.write(`usher: sending mail as ${worker.id}; Ctrl-C stops\n`);
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
  await once(stop.signal, 'abort');
  await worker.stop();
  stderr.write('usher: mail worker stopped\n');
  return 0;
}

/** `usher mail-worker`: flags of its own (none but --help); runs inside the CLI's one core. */
export async function mailWorkerCommand(
  argv: string[],
  withCore: (run: (core: Core) => Promise<number>) => Promise<number>,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(mailWorkerUsage + '\n');
    return 0;
  }
  if (argv.length) throw new UsageError('mail-worker takes no arguments');
  return withCore((core) => runMailWorker(core, process.stderr));
}
