import { channelNames } from '@shared/contract';
import type { DeviceContext } from './deps';
import { AppError } from './errors';
import { combineHandlers, type Handlers } from './handlers';
import type { Logger } from './log';
import { createRouter, type Router } from './router';
import { settingsHandlers } from './services/system';

/**
 * When the core cannot start (team server unreachable, a newer schema, a broken data folder)
 * the window still opens: every channel answers UNAVAILABLE with the reason, except the
 * settings, so the person can fix the address and restart.
 */
export function createUnavailableRouter(
  device: DeviceContext,
  reason: string,
  log: Logger,
): Router {
  const settings = settingsHandlers({ device });
  const unavailable = Object.fromEntries(
    channelNames
      .filter((name) => !(name in settings))
      .map((name) => [
        name,
        async () => {
          throw new AppError('UNAVAILABLE', reason);
        },
      ]),
  ) as Partial<Handlers>;
  return createRouter({
    handlers: combineHandlers(settings, unavailable),
    resolveSession: async () => null,
    log,
  });
}
