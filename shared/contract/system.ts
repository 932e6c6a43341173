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

/**
 * A server address without its password. Parsed once, so no check ever throws on an address an
 * earlier check refused (a bare "host:5432" used to reach INTERNAL).
 */
const serverUrl = (schemes: readonly string[]) =>
  z
    .string()
    .trim()
    .max(500)
    .superRefine((value, issues) => {
      if (value === '') return;
      const example = `${schemes[0]}://host`;
      const url = URL.canParse(value) ? new URL(value) : null;
      const problem = !url
        ? `Enter a full address, e.g. ${example}`
        : !schemes.includes(url.protocol.slice(0, -1))
          ? `The address must start with ${schemes.map((s) => `${s}://`).join(' or ')}`
          : url.hostname === ''
            ? `The address needs a server name, e.g. ${example}`
            : url.password !== '' || url.searchParams.has('password')
              ? 'Leave the password out of the address: it is kept in the system keychain'
              : null;
      if (problem) issues.addIssue({ code: 'custom', message: problem });
    });

export const systemChannels = {
  'system.health': defineChannel<Health>()('signedIn', z.strictObject({})),
  // Anyone at the desktop may read them (no secret is in them). Saving is checked in the
  // handler: an admin, or anyone during first-run setup, or when the core cannot start (no one
  // can be asked then); a changed address never receives the stored password.
  'settings.get': defineChannel<DeviceSettings>()('public', z.strictObject({})),
  'settings.save': defineChannel<DeviceSettings>()(
    'public',
    z.strictObject({
      mode: z.enum(['local', 'team']),
      databaseUrl: serverUrl(['postgres', 'postgresql']),
      redisUrl: serverUrl(['redis', 'rediss']),
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
