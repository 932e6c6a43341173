import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '@shared/contract';
import { call } from './client';

/**
 * Requests whose answers a newer question can outrun. Answers arrive out of order (a slow search,
 * then a fast one); only those asked since the last `supersede()` are delivered, so an old answer
 * never paints over a newer one. This is the renderer's one staleness guard.
 */
export interface Requests {
  /** Resolves to null when `supersede()` was called after this request started. */
  call<C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<Envelope<ChannelOutput<C>> | null>;
  /** Every answer still on its way is stale from now on. */
  supersede(): void;
}

export function requests(): Requests {
  let generation = 0;
  return {
    async call(channel, input) {
      const asked = generation;
      const result = await call(channel, input);
      return asked === generation ? result : null;
    },
    supersede() {
      generation++;
    },
  };
}
