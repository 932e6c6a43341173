import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { initTeam } from '../../../electron/core/devices/team-init';
import { enrollDevice } from '../../../electron/core/devices/device-logins';
import { silentLogger } from '../../../electron/core/log';
import { setupAdmin, staffCaller, startTestCore } from '../../support/core';
import { onCleanup } from '../../support/cleanup';
import { createEvent } from '../../support/events';
import { dropTeamRoles, joinedDesktop } from './fixtures';

describe('upgrading a team database used with the owner login everywhere', () => {
  it('keeps every row, keeps owner desktops working with a warning, and lets enrolled ones in', async () => {
    const made = { database: '' };
    onCleanup(() => dropTeamRoles(made.database));
    const test = await startTestCore({ mode: 'team' }, 'upgrade');
    made.database = test.database.name;
    const admin = await setupAdmin(test);
    const event = await createEvent(admin, { title: 'Before the upgrade' });
    await admin.ok('registrations.register', {
      eventId: event.id,
      name: 'Ann',
      email: 'ann@example.org',
    });
    const door = await staffCaller(test, admin, 'door');
    const counts = () =>
      test.core.db.one<{ events: number; registrations: number; users: number }>(
        `select (select count(*)::int from events) as events,
                (select count(*)::int from event_registrations) as registrations,
                (select count(*)::int from users) as users`,
      );
    const before = await counts();
    expect(await admin.ok('devices.status', {})).toMatchObject({ kind: 'owner', warning: null });

    await initTeam(test.core.db);

    expect(await counts()).toEqual(before);
    // The desktop still on the owner's password keeps working, and is told to enroll.
    expect((await door.ok('events.list', {})).items.map((e) => e.title)).toEqual([
      'Before the upgrade',
    ]);
    const status = await admin.ok('devices.status', {});
    expect(status).toMatchObject({ kind: 'owner', teamInitialized: true });
    expect(status.warning).toMatch(/owner's password/);

    // Enrolled, the same staff works through the desktop's own login, and sees no warning.
    const { enrollment } = await admin.ok('devices.add', { name: 'Gate A', kind: 'door' });
    const desktop = await joinedDesktop('upgrade-gate', enrollment.code);
    const gate = await createCore({
      databaseUrl: desktop.databaseUrl,
      mode: 'team',
      log: silentLogger,
    });
    onCleanup(() => gate.close());
    expect(await gate.call('devices.status', {}, { token: null })).toMatchObject({
      ok: true,
      value: { kind: 'door', deviceName: 'Gate A', warning: null },
    });
  });
});

describe('a desktop on its own login', () => {
  it('never migrates, and says plainly when the schema needs an upgrade', async () => {
    const made = { database: '' };
    onCleanup(() => dropTeamRoles(made.database));
    const test = await startTestCore({ mode: 'team' }, 'outdated');
    made.database = test.database.name;
    await initTeam(test.core.db);
    const { enrollment } = await enrollDevice(test.core.db, {
      name: 'Office',
      kind: 'organizer',
      databaseUrl: test.database.url,
      redisUrl: null,
      redisAdmin: null,
      redisKeyPrefix: 'unused:',
    });
    const desktop = await joinedDesktop('outdated-office', enrollment.code);
    // As if this build had a migration the server has not run yet.
    await test.core.db.run(
      `delete from migrations where name = (select name from migrations order by id desc limit 1)`,
    );
    await expect(
      createCore({ databaseUrl: desktop.databaseUrl, mode: 'team', log: silentLogger }),
    ).rejects.toThrow(/Ask an admin to run "usher migrate"/);
  });
});
