import { existsSync } from 'node:fs';
import { channelNames, type Envelope } from '@shared/contract';
import type { DeviceContext } from './deps';
import { AppError } from './errors';
import { combineHandlers, type CallContext, type Handlers } from './handlers';
import type { Logger } from './log';
import { createRouter } from './router';
import { settingsHandlers } from './system/handlers';
import { scannerHandlers } from './door/station/handlers';
import { createScannerStation } from './door/station/station';
import { lookupDoorStaff } from './door/station/known-staff';
import { createTopicBus, type TopicListener } from './topics';

export interface UnavailableCore {
  call(channel: string, input: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
  subscribe(listener: TopicListener): () => void;
  close(): Promise<void>;
}

/**
 * When the core cannot start (team server unreachable, a newer schema, a broken data folder)
 * the window still opens: every channel answers UNAVAILABLE with the reason, except the
 * settings, so the person can fix the address, and the door station, so a desktop restarted at
 * the door with the network down keeps checking people in from its prepared copy. The station
 * knows its staff from the device file (the session token stays in the keychain) and queues
 * every check-in for when the server is back.
 */
export function openUnavailableCore(
  device: DeviceContext,
  reason: string,
  log: Logger,
): UnavailableCore {
  const topics = createTopicBus();
  const settings = settingsHandlers({ device });
  const doorFile = device.doorFile && existsSync(device.doorFile) ? device.doorFile : null;
  const unreachable = async (): Promise<Envelope<never>> => ({
    ok: false,
    error: { code: 'UNAVAILABLE', message: reason },
  });
  const station = doorFile ? createScannerStation({ device, topics, log }, unreachable) : null;
  const door = station ? scannerHandlers({ topics }, station) : {};
  const unavailable = Object.fromEntries(
    channelNames
      .filter((name) => !(name in settings) && !(name in door))
      .map((name) => [
        name,
        async () => {
          throw new AppError('UNAVAILABLE', reason);
        },
      ]),
  ) as Partial<Handlers>;
  const router = createRouter({
    handlers: combineHandlers(settings, door, unavailable),
    // Only the door station's offline channels can know who is calling, from the device file.
    resolveSession: async (token, offline) =>
      offline && doorFile ? lookupDoorStaff(doorFile, token) : null,
    log,
  });
  return {
    call: router.call,
    subscribe: topics.subscribe,
    close: async () => station?.close(),
  };
}
