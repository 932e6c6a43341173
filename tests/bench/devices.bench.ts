import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceKind } from '@shared/contract/devices';
import type { Role } from '@shared/domain';
import { createCore, type Core } from '../../electron/core';
import { enrollDevice } from '../../electron/core/devices/device-logins';
import { initTeam } from '../../electron/core/devices/team-init';
import { openDoorDevice } from '../../electron/core/door/device/device';
import type { DoorTransport } from '../../electron/core/door/device/types';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { runCleanups } from '../support/cleanup';
import { eventInput } from '../support/events';
import { createTestDatabase } from '../support/postgres';
import { dropTeamRoles, joinedDesktop } from '../support/team';
import { addAttendees, createEvent } from '../core/door/seed';
import { report, runConcurrently } from './stats';

const RUSH_ATTEMPTS = 3_000;
const RUSH_CALLERS = 50;
const DOOR_ATTENDEES = 10_000;
const DOOR_SCANS = 5_000;
const EXPORT_ATTENDEES = 50_000;
const ROUNDS = 5;
const POOL = 20;
const password = 'a long enough password';

/**
 * Least privilege's cost: the registration rush, door sync and a CSV export through enrolled
 * desktops' own logins (grants, row-level security, SECURITY DEFINER session functions) against
 * the owner's login, on the same database in the same run, rounds interleaved; best of five.
 */
export async function run(): Promise<void> {
  const database = await createTestDatabase('bench_devices');
  const dir = await mkdtemp(join(tmpdir(), 'usher-bench-devices-'));
  const open = (url: string) =>
    createCore({ databaseUrl: url, mode: 'team', poolSize: POOL, log: silentLogger });
  const owner = await open(database.url);
  try {
    await initTeam(owner.db);
    const admin = makeCaller(owner);
    await admin.ok('auth.setup', adminInput);
    for (const role of ['organizer', 'door'] as const) {
      await admin.ok('users.create', {
        email: `${role}@example.org`,
        fullName: `${role} bench`,
        role,
        password,
      });
    }
    const desktop = async (kind: DeviceKind) => {
      const { enrollment } = await enrollDevice(owner.db, {
        name: `${kind} bench`,
        kind,
        databaseUrl: database.url,
        redisUrl: null,
        redisAdmin: null,
        redisKeyPrefix: 'unused:',
      });
      return open((await joinedDesktop(`bench-${kind}`, enrollment.code)).databaseUrl);
    };
    const office = await desktop('organizer');
    const gate = await desktop('door');
    try {
      const signIn = async (core: Core, role: Role) => {
        const caller = makeCaller(core);
        await caller.ok('auth.login', { email: `${role}@example.org`, password });
        return caller;
      };
      const ownerOrganizer = await signIn(owner, 'organizer');
      const deskOrganizer = await signIn(office, 'organizer');
      const ownerDoor = await signIn(owner, 'door');
      const deskDoor = await signIn(gate, 'door');

      await compare('registration rush: 3,000 attempts, 50 callers, 300 seats (s)', (login) =>
        rush(login === 'owner' ? ownerOrganizer : deskOrganizer),
      );
      await compare(
        `door: prepare ${DOOR_ATTENDEES.toLocaleString('en')} attendees, sync ${DOOR_SCANS.toLocaleString('en')} check-ins (s)`,
        (login) => doorSync(owner, login === 'owner' ? ownerDoor : deskDoor, dir),
      );
      // Organizers export the events they created.
      const exportEvent = (await ownerOrganizer.ok('events.create', eventInput())).id;
      await addAttendees(owner.db, exportEvent, EXPORT_ATTENDEES);
      await compare(
        `CSV export of ${EXPORT_ATTENDEES.toLocaleString('en')} attendees (s)`,
        (login) => exportCsv(login === 'owner' ? ownerOrganizer : deskOrganizer, exportEvent, dir),
      );
    } finally {
      await office.close();
      await gate.close();
    }
  } finally {
    await owner.close();
    await database.drop();
    await dropTeamRoles(database.name);
    await runCleanups();
    await rm(dir, { recursive: true, force: true });
  }
}

type Login = 'owner' | 'desktop';

async function compare(title: string, measure: (login: Login) => Promise<number>) {
  const seconds: Record<Login, number[]> = { owner: [], desktop: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first, so neither always runs on a warmer cache.
    const order: Login[] = round % 2 === 0 ? ['owner', 'desktop'] : ['desktop', 'owner'];
    for (const login of order) seconds[login].push(await measure(login));
  }
  const best = (login: Login) => Math.min(...seconds[login]);
  report(`${title}, best of ${ROUNDS}`, {
    'owner login': best('owner').toFixed(3),
    "desktop's own login + RLS": best('desktop').toFixed(3),
    'ratio (target <= 1.2x)': `${(best('desktop') / best('owner')).toFixed(2)}x`,
  });
}

async function rush(organizer: Caller): Promise<number> {
  const event = await organizer.ok('events.create', eventInput({ maxAttendees: 300 }));
  const { seconds } = await runConcurrently(RUSH_ATTEMPTS, RUSH_CALLERS, async (i) => {
    const result = await organizer.call('registrations.register', {
      eventId: event.id,
      name: `Rush ${i}`,
      email: `rush${i}@example.org`,
    });
    if (!result.ok) throw new Error(result.error.message);
  });
  return seconds;
}

/** Prepares a fresh event's replica and uploads a queue of check-ins, as a gate does. */
async function doorSync(owner: Core, door: Caller, dir: string): Promise<number> {
  const eventId = await createEvent(owner.db, 'Door bench');
  const guests = await addAttendees(owner.db, eventId, DOOR_ATTENDEES);
  const device = openDoorDevice({
    file: join(dir, `${randomUUID()}.sqlite`),
    transport: door.call as DoorTransport,
    deviceId: 'bench',
  });
  try {
    const started = performance.now();
    await device.prepare(eventId);
    for (const guest of guests.slice(0, DOOR_SCANS)) device.scan(guest.ticketCode);
    const synced = await device.sync();
    if (synced.pending !== 0) throw new Error('sync left check-ins behind');
    return (performance.now() - started) / 1000;
  } finally {
    await device.close();
  }
}

async function exportCsv(organizer: Caller, eventId: string, dir: string): Promise<number> {
  const started = performance.now();
  const result = await organizer.ok('exports.attendees', {
    exportId: randomUUID(),
    eventId,
    format: 'csv',
    path: join(dir, `${randomUUID()}.csv`),
  });
  if (result.status !== 'done' || result.rows !== EXPORT_ATTENDEES) {
    throw new Error('export incomplete');
  }
  return (performance.now() - started) / 1000;
}
