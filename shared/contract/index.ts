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

export * from './envelope';
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
} satisfies Record<string, ChannelDef>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> =
  Channels[C] extends ChannelDef<z.ZodType, infer O> ? O : never;

export const channelNames = Object.keys(channels) as ChannelName[];

// Push topics, main -> renderer. Payloads are small "what changed" notes; screens refetch.
export interface Topics {
  'events.changed': { eventId: string };
  'registrations.changed': { eventId: string };
  'checkins.changed': { eventId: string };
  'live.status': { state: 'live' | 'paused' | 'local' };
  'exports.progress': { exportId: string; rowsDone: number; totalRows: number };
  'scanner.progress': import('./scanner').ScannerProgress;
  'scanner.status': import('./scanner').ScannerStatus;
  /** A native menu item was chosen; the renderer runs the same action as its shortcut. */
  'app.command': { command: AppCommand };
}

/** What the native menus can ask of the window in front. */
export type AppCommand =
  'newEvent' | 'findAttendee' | 'importAttendees' | 'exportAttendees' | 'openDoor' | 'openSettings';
export type TopicName = keyof Topics;
export const topicNames: TopicName[] = [
  'events.changed',
  'registrations.changed',
  'checkins.changed',
  'live.status',
  'exports.progress',
  'scanner.progress',
  'scanner.status',
  'app.command',
];

/** The one object the preload exposes as `window.usher`. */
export interface UsherApi {
  invoke<C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<import('./envelope').Envelope<ChannelOutput<C>>>;
  on<T extends TopicName>(topic: T, listener: (payload: Topics[T]) => void): () => void;
}
