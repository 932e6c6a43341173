import { existsSync } from 'node:fs';
import { channelNames, type Envelope } from '@shared/contract';
import type { DeviceContext } from './deps';
import { AppError } from './errors';
import { combineHandlers, type CallContext, type Handlers } from './handlers';
import type { Logger } from './log';
import { createRouter } from './router';
import { settingsHandlers } from './system/handlers';
import { scannerHandlers } from './door/station/handlers';
import { createScannerStation, setAsideIfDamaged } from './door/station/station';
import { isDamageError } from './door/device/file-damage';
import type { ScannerRecovery } from '@shared/contract/scanner';
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
  cause: string,
  log: Logger,
): UnavailableCore {
  const topics = createTopicBus();
  const settings = settingsHandlers({ device });
  const doorFile = device.doorFile && existsSync(device.doorFile) ? device.doorFile : null;
  // A door file damaged while the app was stopped is set aside and salvaged here, as the full
  // core's station does, before anything reads it: the staff it knows come over with the
  // check-ins, and the station's status carries the notice that says what happened.
  const recovery = doorFile ? setAsideIfDamaged(doorFile, log, true) : null;
  const reason = recovery ? `${cause} ${damagedFileNote(recovery)}` : cause;
  const unreachable = async (): Promise<Envelope<never>> => ({
    ok: false,
    error: { code: 'UNAVAILABLE', message: reason },
  });
  const station = doorFile
    ? createScannerStation({ device, topics, log, keepPrepared: true }, unreachable)
    : null;
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
    resolveSession: async (token, offline) => {
      if (!offline || !doorFile) return null;
      try {
        return lookupDoorStaff(doorFile, token);
      } catch (error) {
        // Damaged since the fallback opened: the next scanner call finds the replaced file.
        if (!isDamageError(error)) throw error;
        await station?.close();
        setAsideIfDamaged(doorFile, log, true);
        return lookupDoorStaff(doorFile, token);
      }
    },
    log,
  });
  return {
    call: router.call,
    subscribe: topics.subscribe,
    close: async () => station?.close(),
  };
}

/** What the cannot-start screen adds when the door file had to be replaced. */
function damagedFileNote(recovery: ScannerRecovery): string {
  const saved =
    recovery.recovered === 1
      ? '1 check-in not yet sent was saved from it'
      : `${recovery.recovered} check-ins not yet sent were saved from it`;
  return `The door file on this desktop was damaged (${recovery.reason}) It has been kept aside and a new one started; ${saved}.`;
}
