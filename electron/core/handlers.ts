import { channelNames } from '@shared/contract';
import type { ChannelName, ChannelOutput, ChannelParsedInput, Channels } from '@shared/contract';
import type { UserDto } from '@shared/domain';

/** What the app or CLI keeps between calls: one per window, one per CLI process. */
export interface CallContext {
  /** Bearer token of the signed-in session; auth.setup and auth.login set it, logout clears it. */
  token: string | null;
  /** Told when a call signs in or out, so the app can keep (or forget) the token in the keychain. */
  onSessionChange?(change: { token: string | null; remember: boolean }): void | Promise<void>;
}

export interface PublicCall {
  user: UserDto | null;
  ctx: CallContext;
}
export interface SignedInCall {
  user: UserDto;
  ctx: CallContext;
}

type CallFor<C extends ChannelName> = Channels[C]['access'] extends 'public'
  ? PublicCall
  : SignedInCall;

export type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
  call: CallFor<C>,
) => Promise<ChannelOutput<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };

/** The handlers of one domain, e.g. `DomainHandlers<'users'>` for every `users.*` channel. */
export type DomainHandlers<D extends string> = {
  [C in Extract<ChannelName, `${D}.${string}`>]: Handler<C>;
};

/**
 * Merges the domains' handler maps, refusing a channel that two of them claim or that none
 * serves: a contract channel without a handler stops the core at start-up, not at first call.
 */
export function combineHandlers(...parts: Partial<Handlers>[]): Handlers {
  const all: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (name in all) throw new Error(`Channel ${name} has two handlers`);
      all[name] = handler;
    }
  }
  const missing = channelNames.filter((name) => !(name in all));
  if (missing.length > 0) throw new Error(`No handler for: ${missing.join(', ')}`);
  return all as Handlers;
}
