import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Envelope } from '@shared/contract';
import { changeTopics, type ChangeScope, type ChangeTopic } from '@shared/contract/topics';
import type { ScannerRecovery, ScannerStatus } from '@shared/contract/scanner';
import type { UserDto } from '@shared/domain';
import type { DeviceContext } from '../../deps';
import { openDoorDevice, type DoorDevice } from '../device/device';
import type { DoorTransport } from '../device/types';
import { AppError } from '../../errors';
import type { CallContext, SignedInCall } from '../../handlers';
import type { Logger } from '../../log';
import type { TopicBus } from '../../topics';
import { findDamage, isDamageError, type FileDamage } from '../device/file-damage';
import { recoverDamagedFile } from '../device/recover';
import { openReplicaSummary, type ReplicaSummary } from './replica-summary';
import { rememberDoorStaff } from './known-staff';
import { scanKeyOf } from '../../auth/scan-key';
import type { Badge } from '../../badges/badge';
import { createBadgeQueue } from './badge-queue';

/** The core's own router: the station reaches the server the way any caller does. */
export type RouteCall = (
  channel: string,
  input: unknown,
  ctx: CallContext,
) => Promise<Envelope<unknown>>;

export interface StationDeps {
  device: DeviceContext | null;
  topics: TopicBus;
  log: Logger;
  /**
   * Carry an intact prepared copy over from a damaged file: set where the server is out of reach
   * (main's fallback), so the door stays open; elsewhere a fresh download is the better source.
   */
  keepPrepared?: boolean;
}

export interface StationDevice {
  device: DoorDevice;
  /** The device's status with the active event and its counts, as `scanner.status` gives it. */
  status(): ScannerStatus;
  /** The nonce of the newest check-in this staff member made on this desktop, if any. */
  lastCheckInBy(staffUserId: string): string | null;
}

interface OpenDevice extends StationDevice {
  summary: ReplicaSummary;
  /** Whose name the device gives its check-ins until the server has them. */
  staffId: string;
}

export interface ScannerStation {
  /** Prints this badge once the station is quiet (badge-queue.ts); nothing without a printer. */
  queueBadge(badge: Badge): void;
  /** Resolves when every queued badge has been handed to the printer. */
  badgesPrinted(): Promise<void>;
  /**
   * Runs `use` with this desktop's door device, opened on first use. The caller's session becomes
   * the one the device syncs with, and a new staff member signing in gets a device in their name.
   */
  withDevice<T>(call: SignedInCall, use: (station: StationDevice) => T | Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Status pushes follow each change the station makes; this catches the rest (a request that timed
// out, a background sync with nothing to send).
const STATUS_CHECK_MS = 2_000;

const isChangeTopic = (topic: string): topic is ChangeTopic =>
  (changeTopics as readonly string[]).includes(topic);

/** One door device per core, syncing through the core's router as the staff signed in here. */
export function createScannerStation(deps: StationDeps, route: RouteCall): ScannerStation {
  let current: OpenDevice | null = null;
  let session: CallContext | null = null;
  let busy = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let statusCheck: NodeJS.Timeout | undefined;
  let statusSoon: NodeJS.Timeout | undefined;
  let lastPushed = '';
  let rememberedToken: string | null = null;
  // Calls in flight, counted from their first moment: badges render only when there are none.
  let calls = 0;
  const printBadge = deps.device?.printBadge;
  const badges = printBadge ? createBadgeQueue(printBadge, deps.log, () => calls === 0) : null;
  let stopHearing = () => {};

  const transport = ((channel, input) => {
    if (!session) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: 'No door staff is signed in on this desktop' },
      });
    }
    const answer = route(channel, input, session);
    void answer.then(pushStatusSoon, pushStatusSoon);
    return answer;
  }) as DoorTransport;

  function pushStatusSoon() {
    if (statusSoon) return;
    // After the reply has gone: a scan's verdict never waits for the counts.
    statusSoon = setTimeout(() => {
      statusSoon = undefined;
      if (!current) return;
      try {
        const next = current.status();
        const text = JSON.stringify(next);
        if (text === lastPushed) return;
        lastPushed = text;
        deps.topics.emit('scanner.status', next);
      } catch (error) {
        deps.log.warn('door status unavailable', { error: (error as Error).message });
      }
    }, 0);
  }

  function open(user: UserDto, token: string | null): OpenDevice {
    const file = deps.device?.doorFile;
    if (!file) throw new AppError('UNAVAILABLE', 'This desktop has no door device file');
    setAsideIfDamaged(file, deps.log, deps.keepPrepared);
    const device = openDoorDevice({
      file,
      transport,
      deviceId: proposedDeviceId(),
      staffName: user.fullName,
      staffUserId: user.id,
      staffScanKey: token ? scanKeyOf(token) : null,
    });
    let summary: ReplicaSummary;
    try {
      summary = openReplicaSummary(file);
    } catch (error) {
      void device.close();
      throw error;
    }
    device.start();
    stopHearing = deps.topics.subscribe((topic, payload) => {
      if (!isChangeTopic(topic)) return;
      device.heardChange(payload as ChangeScope);
    });
    statusCheck = setInterval(pushStatusSoon, STATUS_CHECK_MS);
    statusCheck.unref();
    deps.log.info('door device open', { deviceId: device.deviceId });
    const status = (): ScannerStatus => {
      const { eventId, ...rest } = device.status();
      const at = device.stationPoint();
      return { ...rest, event: eventId && at ? summary.event(eventId, at) : null };
    };
    return { device, summary, status, lastCheckInBy: summary.lastCheckInBy, staffId: user.id };
  }

  async function shut() {
    const closing = current;
    current = null;
    stopHearing();
    clearInterval(statusCheck);
    clearTimeout(statusSoon);
    statusSoon = undefined;
    if (!closing) return;
    // The reader first: the device's connection, closing last, folds the WAL into the file.
    closing.summary.close();
    await closing.device.close();
  }

  // Serialised: a switch of staff closes the device only when no call is using it.
  async function enter(user: UserDto, token: string | null): Promise<OpenDevice> {
    if (current && (current.staffId === user.id || busy > 0)) return current;
    await shut();
    current = open(user, token);
    return current;
  }

  /** A device call hit a damaged page: close the device and replace its file, once. */
  async function replaceDamaged(damaged: OpenDevice, error: Error): Promise<AppError> {
    const replaced = queue.then(async () => {
      const file = deps.device?.doorFile;
      if (current !== damaged || !file) return;
      await shut();
      setAside(
        file,
        deps.log,
        {
          kind: 'corrupt',
          reason: `Parts of the door file are damaged (SQLite said: ${error.message}).`,
        },
        deps.keepPrepared,
      );
    });
    queue = replaced.catch(() => undefined);
    await replaced;
    return new AppError(
      'UNAVAILABLE',
      'The door file on this desktop was damaged. It has been set aside and a new one started; the door screen says what could be saved.',
    );
  }

  return {
    queueBadge: (badge) => badges?.add(badge),
    badgesPrinted: async () => badges?.settled(),
    async withDevice(call, use) {
      calls++;
      try {
        return await run(call, use);
      } finally {
        calls--;
        badges?.kick();
      }
    },
    async close() {
      await queue;
      await badges?.settled();
      await shut();
    },
  };

  async function run<T>(call: SignedInCall, use: (station: StationDevice) => T | Promise<T>) {
    session = call.ctx;
    const entered = queue.then(async () => {
      const device = await enter(call.user, call.ctx.token);
      busy++;
      return device;
    });
    queue = entered.catch(() => undefined);
    const station = await entered;
    try {
      const file = deps.device?.doorFile;
      if (file && call.ctx.token && call.ctx.token !== rememberedToken) {
        // So the station still knows this person after a restart with the server out of reach.
        // After the device opened: a damaged file has been replaced by then.
        rememberDoorStaff(file, call.ctx.token, call.user);
        rememberedToken = call.ctx.token;
      }
      return await use(station);
    } catch (error) {
      if (!isDamageError(error)) throw error;
      throw await replaceDamaged(station, error as Error);
    } finally {
      busy--;
      pushStatusSoon();
    }
  }
}

/**
 * Looks the door file over before anything opens it (the station, or the fallback's lookup of
 * its staff) and, when it is damaged, sets it aside and salvages it into a new one. Returns what
 * was done, or null for a sound file.
 */
export function setAsideIfDamaged(
  file: string,
  log: Logger,
  keepPrepared = false,
): ScannerRecovery | null {
  const damage = findDamage(file);
  return damage ? setAside(file, log, damage, keepPrepared) : null;
}

function setAside(
  file: string,
  log: Logger,
  damage: FileDamage,
  keepPrepared = false,
): ScannerRecovery {
  const recovery = recoverDamagedFile(file, damage, { keepPrepared });
  // The file's path and SQLite's words help whoever looks at the machine; no secret is in them.
  log.error('door file damaged: set aside, a new one started', {
    reason: damage.reason,
    keptAs: recovery.keptAs,
    recovered: recovery.recovered,
    unreadable: recovery.unreadable,
  });
  return recovery;
}

/** Names this desktop in "already checked in on …": its host name, made unique. */
function proposedDeviceId(): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${host || 'door'}-${randomBytes(3).toString('hex')}`;
}
