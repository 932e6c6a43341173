import type { z } from 'zod';
import type { ChannelDef } from './define';
import { authChannels } from './auth';
import { usersChannels } from './users';
import { systemChannels } from './system';
import { doorChannels } from './door';
import { eventsChannels } from './events';
import { registrationsChannels } from './registrations';
import { exportsChannels } from './exports';
import { auditChannels } from './audit';
import { reportsChannels } from './reports';
import { scannerChannels } from './scanner';
import { devicesChannels } from './devices';
import { mailChannels } from './mail';
import { badgesChannels } from './badges';
import { ticketTypesChannels } from './ticket-types';
import { questionsChannels } from './questions';
import { doorStaffChannels } from './door-staff';
import { pointsChannels } from './points';
import { walkInsChannels } from './walk-ins';

export * from './envelope';
export * from './topics';
import type { TopicName, Topics } from './topics';
export type { Access, ChannelDef } from './define';

// The single list of channels. Handlers, the preload API, the renderer client and the CLI are
// all typed from this object, so a channel cannot exist in one place and not another.
export const channels = {
  ...authChannels,
  ...usersChannels,
  ...systemChannels,
  ...doorChannels,
  ...eventsChannels,
  ...registrationsChannels,
  ...exportsChannels,
  ...auditChannels,
  ...reportsChannels,
  ...scannerChannels,
  ...devicesChannels,
  ...mailChannels,
  ...badgesChannels,
  ...ticketTypesChannels,
  ...questionsChannels,
  ...doorStaffChannels,
  ...pointsChannels,
  ...walkInsChannels,
} satisfies Record<string, ChannelDef>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> =
  Channels[C] extends ChannelDef<z.ZodType, infer O> ? O : never;

export const channelNames = Object.keys(channels) as ChannelName[];

/** The one object the preload exposes as `window.usher`. */
export interface UsherApi {
  invoke<C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<import('./envelope').Envelope<ChannelOutput<C>>>;
  on<T extends TopicName>(topic: T, listener: (payload: Topics[T]) => void): () => void;
}
