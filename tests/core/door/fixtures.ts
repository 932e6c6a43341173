import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openDoorDevice,
  type DoorDevice,
  type DoorDeviceOptions,
} from '../../../electron/core/door/device/device';
import type { DoorTransport } from '../../../electron/core/door/device/types';
import type { PrintBadge } from '../../../electron/core/door/station/badge-queue';
import { createCore } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';
import { createMemorySecretStore } from '../../../electron/core/secrets';
import {
  makeCaller,
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createTestDatabase } from '../../support/postgres';
import { unpluggable, type Unpluggable } from '../../support/unpluggable';
import { onCleanup } from '../../support/cleanup';

export * from './seed';

export interface DoorWorld {
  test: TestCore;
  admin: Caller;
  door: Caller;
  /** A fresh folder for device files, removed after the file's tests. */
  dir: string;
}

export async function startDoorWorld(label: string): Promise<DoorWorld> {
  const test = await startTestCore({}, label);
  const admin = await setupAdmin(test);
  const door = await staffCaller(test, admin, 'door');
  const dir = mkdtempSync(join(tmpdir(), `usher-${label}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return { test, admin, door, dir };
}

export interface SwitchableTransport {
  transport: DoorTransport;
  /** While true every request fails as if the network were down. */
  offline: boolean;
  /** Runs the request, then fails: the server acted but the answer was lost. */
  loseNextAnswer: boolean;
  requests: string[];
}

/** A caller's core.call with a switch: cuts the "network" without touching the server. */
export function switchable(caller: Caller): SwitchableTransport {
  const state: SwitchableTransport = {
    offline: false,
    loseNextAnswer: false,
    requests: [],
    transport: (async (channel, input) => {
      state.requests.push(channel);
      if (state.offline) throw new Error('connect ECONNREFUSED 10.0.0.1:443');
      const envelope = await caller.call(channel, input);
      if (state.loseNextAnswer) {
        state.loseNextAnswer = false;
        throw new Error('socket hang up');
      }
      return envelope;
    }) as DoorTransport,
  };
  return state;
}

/** A device with its own file in the world's folder, closed after the file's tests. */
export function openDevice(
  world: DoorWorld,
  name: string,
  transport: DoorTransport,
  options: Partial<DoorDeviceOptions> = {},
): DoorDevice {
  const device = openDoorDevice({
    file: join(world.dir, `${name}.sqlite`),
    transport,
    deviceId: name,
    staffName: `Staff at ${name}`,
    ...options,
  });
  onCleanup(() => device.close());
  return device;
}

export interface StationWorld {
  test: TestCore;
  /** The cable between the core and PostgreSQL: pull it to take the server out of reach. */
  net: Unpluggable;
  /** The folder holding this desktop's settings and door file, removed after the file's tests. */
  dir: string;
}

/**
 * A desktop as the app runs it: a core with a door device file whose database connection runs
 * through a cable the tests can pull, closed and cleaned up after the file's tests.
 */
export async function startStationWorld(
  label: string,
  options: { printBadge?: PrintBadge } = {},
): Promise<StationWorld> {
  const database = await createTestDatabase(label);
  const net = await unpluggable(database.url);
  const dir = mkdtempSync(join(tmpdir(), `usher-${label}-`));
  const core = await createCore({
    databaseUrl: net.url,
    log: silentLogger,
    device: {
      settingsFile: join(dir, 'settings.json'),
      secrets: createMemorySecretStore(),
      doorFile: join(dir, 'door.sqlite'),
      printBadge: options.printBadge,
    },
  });
  onCleanup(async () => {
    await core.close();
    await net.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { test: { core, database, caller: (token = null) => makeCaller(core, token) }, net, dir };
}
