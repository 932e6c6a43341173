import { z } from 'zod';
import type { DatabaseMode } from '../domain';
import { defineChannel } from './define';
import type { LiveState } from './topics';

export type ServiceState = 'ok' | 'down' | 'off';

export interface Health {
  mode: DatabaseMode;
  database: ServiceState;
  redis: ServiceState;
  /** Live updates between desktops: 'off' in local mode (in-process only). */
  live: LiveState;
}

export interface DeviceSettings {
  mode: DatabaseMode;
  /** Team-mode addresses without their passwords (those live in the OS keychain). */
  databaseUrl: string;
  redisUrl: string;
  hasDatabasePassword: boolean;
  hasRedisPassword: boolean;
  /** Local mode's database password: in the keychain, or typed at each start. */
  localPassword: 'keychain' | 'typed';
  keychain: { state: 'available' | 'locked' | 'unavailable'; message: string };
  /** Settings are read at start-up: a saved change applies after a restart. */
  restartRequired: boolean;
}

const serverUrl = (scheme: string) =>
  z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === '' || URL.canParse(v), 'Enter a full address, e.g. ' + scheme + '://host')
    .refine(
      (v) => v === '' || new URL(v).protocol.startsWith(scheme),
      `The address must start with ${scheme}://`,
    )
    .refine((v) => v === '' || new URL(v).password === '', 'Leave the password out of the address');

export const systemChannels = {
  'system.health': defineChannel<Health>()('signedIn', z.strictObject({})),
  // Device settings are this desktop's own; anyone at the desktop may point it at a server,
  // which is useless without that server's credentials.
  'settings.get': defineChannel<DeviceSettings>()('public', z.strictObject({})),
  'settings.save': defineChannel<DeviceSettings>()(
    'public',
    z.strictObject({
      mode: z.enum(['local', 'team']),
      databaseUrl: serverUrl('postgres'),
      redisUrl: serverUrl('redis'),
      /** Omitted: keep the stored one. Empty string: remove it. */
      databasePassword: z.string().max(1000).optional(),
      redisPassword: z.string().max(1000).optional(),
    }),
  ),
  // Local mode without a lasting keychain: the database password the person chose, typed at
  // this start. Main starts Usher with it; a running Usher answers CONFLICT.
  'settings.startLocal': defineChannel<{ started: true }>()(
    'public',
    z.strictObject({
      password: z
        .string()
        .min(12, 'Use at least 12 characters')
        .max(200)
        .refine((v) => !/[\r\n]/.test(v), 'A password cannot contain a line break'),
    }),
  ),
};
