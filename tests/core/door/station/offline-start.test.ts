import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core';
import type { DeviceContext } from '../../../../electron/core/deps';
import { silentLogger } from '../../../../electron/core/log';
import { createMemorySecretStore } from '../../../../electron/core/secrets';
import { openUnavailableCore } from '../../../../electron/core/unavailable';
import { adminInput, makeCaller, type Caller } from '../../../support/callers';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';
import { addAttendees, checkInsOf, createEvent, type TestAttendee } from '../seed';

// A door desktop restarted while the server is out of reach: the app cannot start its core, yet
// the station must go on checking people in from its prepared copy, and sync when it is back.

let database: TestDatabase;
let dir: string;
let device: DeviceContext;
let eventId: string;
let guests: TestAttendee[];
let doorToken: string;
const door = { email: 'dora@example.org', password: 'a long enough password' };

const openCore = () => createCore({ databaseUrl: database.url, log: silentLogger, device });

beforeAll(async () => {
  database = await createTestDatabase('door_offline_start');
  dir = mkdtempSync(join(tmpdir(), 'usher-offline-start-'));
  device = {
    settingsFile: join(dir, 'settings.json'),
    secrets: createMemorySecretStore(),
    doorFile: join(dir, 'door.sqlite'),
  };
  // Before the restart: online, the door person prepares the desktop and scans one guest.
  const core = await openCore();
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    await admin.ok('users.create', { ...door, fullName: 'Dora Door', role: 'door' });
    const doorCaller = makeCaller(core);
    await doorCaller.ok('auth.login', door);
    doorToken = doorCaller.ctx.token!;
    eventId = await createEvent(core.db, 'Night Market');
    guests = await addAttendees(core.db, eventId, 5);
    await doorCaller.ok('scanner.prepare', { eventId });
    expect(await doorCaller.ok('scanner.scan', { code: guests[0]!.ticketCode })).toMatchObject({
      verdict: 'valid',
    });
    await doorCaller.ok('scanner.sync', {});
  } finally {
    await core.close();
  }
});

afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('door station after a restart without the server', () => {
  let fallback: ReturnType<typeof openUnavailableCore>;
  let station: Caller;

  beforeAll(() => {
    fallback = openUnavailableCore(
      device,
      'Usher could not start: the server cannot be reached',
      silentLogger,
    );
    station = makeCaller(fallback, doorToken);
  });

  it('keeps scanning for the door staff who used this desktop', async () => {
    expect(await station.ok('scanner.scan', { code: guests[1]!.ticketCode })).toMatchObject({
      verdict: 'valid',
      attendee: { name: 'Guest 2' },
    });
    expect(await station.ok('scanner.scan', { code: guests[0]!.ticketCode })).toMatchObject({
      verdict: 'already_checked_in',
    });
    expect((await station.ok('scanner.search', { text: 'Guest 3' }))[0]).toMatchObject({
      name: 'Guest 3',
    });
    const status = await station.ok('scanner.status', {});
    expect(status).toMatchObject({ pending: 1, event: { title: 'Night Market' } });
  });

  it('serves nobody else and nothing else', async () => {
    const stranger = makeCaller(fallback, 'a token nobody was given');
    expect(await stranger.call('scanner.scan', { code: guests[2]!.ticketCode })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await station.call('auth.session', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/cannot be reached/) },
    });
    expect(await station.call('events.list', {})).toMatchObject({ ok: false });
  });

  it('syncs what it took offline once the core starts again', async () => {
    await fallback.close();
    const core = await openCore();
    try {
      const back = makeCaller(core, doorToken);
      await back.ok('scanner.sync', {});
      expect((await back.ok('scanner.status', {})).pending).toBe(0);
      const rows = await checkInsOf(core.db, eventId);
      expect(rows.map((row) => row.registration_id).sort()).toEqual(
        [guests[0]!.id, guests[1]!.id].sort(),
      );
    } finally {
      await core.close();
    }
  });
});
