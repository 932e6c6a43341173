import { z } from 'zod';
import { channels, type ChannelName, type Envelope, type ErrorBody } from '@shared/contract';
import { roleRank, type UserDto } from '@shared/domain';
import { AppError } from './errors';
import { actingFor } from './db/acting-session';
import { hashToken } from './auth/tokens';
import type { CallContext, Handlers } from './handlers';
import type { Logger } from './log';
import { sqlState } from './sql-format';
import { LOGIN_REFUSED_STATES, loginRefusedMessage } from './devices/login-failure';

export interface Router {
  /** Validates, authenticates, authorises, runs, and wraps the outcome in an envelope. */
  call(channel: string, input: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
}

export interface RouterDeps {
  handlers: Handlers;
  /** `offline`: the channel works without the server, so a last known session will do. */
  resolveSession(token: string, offline: boolean): Promise<UserDto | null>;
  log: Logger;
}

export function createRouter({ handlers, resolveSession, log }: RouterDeps): Router {
  return {
    async call(channel, rawInput, ctx) {
      try {
        if (!Object.hasOwn(channels, channel)) {
          throw new AppError('NOT_FOUND', `There is no channel named "${String(channel)}"`);
        }
        const name = channel as ChannelName;
        const def = channels[name];
        // Who first, then what: a caller without access learns nothing about the input's shape.
        const user = ctx.token ? await resolveSession(ctx.token, def.worksOffline === true) : null;
        if (def.access !== 'public') {
          if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in first');
          if (def.access !== 'signedIn' && roleRank[user.role] < roleRank[def.access]) {
            throw new AppError('FORBIDDEN', `This needs the ${def.access} role`);
          }
        }
        const parsed = def.input.safeParse(rawInput ?? {});
        if (!parsed.success) throw validationError(parsed.error);
        const handler = handlers[name] as (input: unknown, call: unknown) => Promise<unknown>;
        // PostgreSQL is told whose session each query acts for (db/acting-session.ts).
        const actor = ctx.token ? hashToken(ctx.token) : null;
        const value = await actingFor(actor, () => handler(parsed.data, { user, ctx }));
        return { ok: true, value };
      } catch (error) {
        return { ok: false, error: toErrorBody(error, channel, log) };
      }
    },
  };
}

function validationError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [''];
    for (const extra of keys) {
      const key = [...issue.path.map(String), extra].filter(Boolean).join('.') || '_';
      fields[key] ??= issue.message;
    }
  }
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return new AppError('VALIDATION', `${where}${first?.message ?? 'Invalid input'}`, fields);
}

// PostgreSQL SQLSTATEs that mean "try again shortly", not "bug".
const busyStates = new Set(['55P03', '57014', '40001', '40P01', '53300', '57P01', '57P03']);
// Socket errors, PostgreSQL's connection-exception class (08xxx), and pg's own wording for a
// connection that died or never came.
const unreachableCodes = /^(08...|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE)$/;
const unreachable =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|Connection terminated|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error/i;

export function toErrorBody(error: unknown, channel: string, log: Logger): ErrorBody {
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.fields && { fields: error.fields }),
    };
  }
  const state = sqlState(error);
  if (state && busyStates.has(state)) {
    log.warn('database busy', { channel, sqlState: state });
    return { code: 'UNAVAILABLE', message: 'The server is busy right now. Please try again.' };
  }
  if (state && LOGIN_REFUSED_STATES.has(state)) {
    log.warn('database login refused', { channel, sqlState: state });
    return { code: 'UNAVAILABLE', message: loginRefusedMessage };
  }
  const text = error instanceof Error ? error.message : String(error);
  // Class 22, data exception: a value PostgreSQL cannot take (a NUL in text, a date or number
  // out of its range). The schemas refuse the known ones with a field; this is the net for the
  // rest, so bad input is never INTERNAL.
  if (state?.startsWith('22')) {
    log.warn('value refused by the database', { channel, sqlState: state, error: text });
    return {
      code: 'VALIDATION',
      message: 'One of the values given cannot be stored. Check the input.',
    };
  }
  if (unreachable.test(text) || (state && unreachableCodes.test(state))) {
    log.warn('database unreachable', { channel, error: text });
    return { code: 'UNAVAILABLE', message: 'The database cannot be reached right now.' };
  }
  // Details stay in the log; the caller gets no SQL, no stack.
  log.error('internal error', {
    channel,
    error: text,
    stack: error instanceof Error ? error.stack : undefined,
  });
  return { code: 'INTERNAL', message: 'Something went wrong. The details are in the log.' };
}
