import type { z } from 'zod';
import type { Role } from '../domain';

/** Who may call a channel: anyone, any signed-in account, or a role and those ranked above it. */
export type Access = 'public' | 'signedIn' | Role;

export interface ChannelDef<
  I extends z.ZodType = z.ZodType,
  O = unknown,
  A extends Access = Access,
> {
  readonly access: A;
  readonly input: I;
  /**
   * Served by this desktop alone (the door device's local copy): when the server is out of
   * reach the caller's last known session still authorises it.
   */
  readonly worksOffline?: boolean;
  /** Phantom: carries the output type only; never set at run time. */
  readonly output?: O;
}

/**
 * `defineChannel<Output>()(access, inputSchema)`. Curried so the output type is named explicitly
 * while the input type is inferred from the zod schema.
 */
export function defineChannel<O>() {
  return <A extends Access, I extends z.ZodType>(
    access: A,
    input: I,
    options: { worksOffline?: boolean } = {},
  ): ChannelDef<I, O, A> => ({ access, input, ...options });
}
