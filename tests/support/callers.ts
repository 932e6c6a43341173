import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '@shared/contract';
import type { CallContext } from '../../electron/core';

// Callers and fixtures without any test-runner import, so benchmarks can use them too.

export interface Caller {
  ctx: CallContext;
  call<C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<Envelope<ChannelOutput<C>>>;
  /** Calls and unwraps, failing the test with the error envelope if the call failed. */
  ok<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
}

/** Anything that answers calls like a core: the core itself, or main's fallback when it cannot start. */
export interface Answers {
  call(channel: string, input: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
}

export function makeCaller(core: Answers, token: string | null = null): Caller {
  const ctx: CallContext = { token };
  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) =>
    core.call(channel, input, ctx) as Promise<Envelope<ChannelOutput<C>>>;
  return {
    ctx,
    call,
    async ok(channel, input) {
      const result = await call(channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
  };
}

export const adminInput = {
  email: 'ada@example.org',
  fullName: 'Ada Admin',
  password: 'correct horse battery',
};
