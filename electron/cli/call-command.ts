import { createInterface } from 'node:readline';
import { channels, type Envelope, type ErrorBody } from '@shared/contract';
import type { CallContext } from '../core/handlers';
import type { Core } from '../core';
import type { Credentials } from './connect';
import { UsageError } from './usage';

export type Call = (channel: string, input: unknown) => Promise<Envelope<unknown>>;

/** The sign-in was refused: one plain line and exit code 1, never the usage. */
export class SignInError extends Error {
  override name = 'SignInError';
}

const isPublic = (channel: string) =>
  Object.hasOwn(channels, channel) &&
  channels[channel as keyof typeof channels].access === 'public';

/**
 * One CLI session: signs in with the credentials before the first call and signs out at the end.
 * A public channel (auth.setup on a fresh database, auth.session) still runs when the sign-in is
 * refused, since it needs none; any other channel then fails with SignInError.
 */
export function sessionCaller(core: Core, credentials: Credentials | null) {
  const ctx: CallContext = { token: null };
  let signIn: Promise<ErrorBody | null> | undefined;
  const signedIn = () =>
    (signIn ??= credentials
      ? core.call('auth.login', credentials, ctx).then((r) => (r.ok ? null : r.error))
      : Promise.resolve(null));
  const call: Call = async (channel, input) => {
    const refused = await signedIn();
    if (refused && !isPublic(channel)) throw new SignInError(`Sign-in failed: ${refused.message}`);
    return core.call(channel, input, ctx);
  };
  return {
    call,
    /** Ends the session this command opened (or auth.setup opened for it). */
    async end(): Promise<void> {
      if (ctx.token) await core.call('auth.logout', {}, ctx);
    },
  };
}

/** `usher call CHANNEL [JSON]`: one envelope on stdout; exit code 1 when it is an error. */
export async function callOnce(
  call: Call,
  channel: string,
  json: string | undefined,
): Promise<number> {
  let input: unknown = {};
  if (json !== undefined) {
    try {
      input = JSON.parse(json);
    } catch {
      // Not echoed: the input may hold a password (auth.setup, users.create).
      throw new UsageError('The input is not valid JSON');
    }
  }
  const result = await call(channel, input);
  process.stdout.write(JSON.stringify(result) + '\n');
  return result.ok ? 0 : 1;
}

const lineError = (line: number, message: string): Envelope<never> => ({
  ok: false,
  error: { code: 'VALIDATION', message: `Line ${line}: ${message}` },
});

function parseLine(
  text: string,
  line: number,
): { channel: string; input: unknown } | Envelope<never> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return lineError(line, 'not valid JSON');
  }
  const request = parsed as { channel?: unknown; input?: unknown };
  if (typeof parsed !== 'object' || parsed === null || typeof request.channel !== 'string') {
    return lineError(line, 'expected {"channel": "domain.verb", "input": {...}}');
  }
  return { channel: request.channel, input: request.input ?? {} };
}

/**
 * `usher call --batch`: JSON lines in, one envelope per line out, in input order, with up to
 * `concurrency` calls in flight. A bad line gets an error envelope; the others still run.
 * Returns 1 if any line failed.
 */
export async function callBatch(
  call: Call,
  concurrency: number,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const results: (Envelope<unknown> | undefined)[] = [];
  let flushed = 0;
  let failed = false;
  const flush = () => {
    while (flushed < results.length && results[flushed] !== undefined) {
      const result = results[flushed]!;
      failed ||= !result.ok;
      output.write(JSON.stringify(result) + '\n');
      results[flushed] = undefined; // release it; only the order slot is kept
      flushed += 1;
    }
  };
  const inFlight = new Set<Promise<void>>();
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    const slot = results.length;
    results.push(undefined);
    const request = parseLine(text, line);
    const task = ('ok' in request ? Promise.resolve(request) : call(request.channel, request.input))
      .catch((error: Error) => lineError(line, error.message))
      .then((result) => {
        results[slot] = result;
        flush();
      });
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  flush();
  return failed ? 1 : 0;
}
