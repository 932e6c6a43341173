import { beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createEvent } from '../../support/events';
import { staffCaller } from '../../support/core';
import { hashToken } from '../../../electron/core/auth/tokens';
import { rawPg, startDesktop, startTeam, type Team } from './fixtures';

// Organizer and admin desktops' own credentials, used outside the app: the server refuses what
// their kind may not do, whatever the desktop's code would have done.

let team: Team;
let organizer: pg.Client;
let admin: pg.Client;
let adminDesk: Awaited<ReturnType<typeof startDesktop>>;

beforeAll(async () => {
  team = await startTeam('staff_logins');
  await createEvent(team.admin, { title: 'Draft', status: 'draft' });
  organizer = await rawPg((await startDesktop(team, 'organizer', 'Office')).desktop.databaseUrl);
  adminDesk = await startDesktop(team, 'admin', 'Back office');
  admin = await rawPg(adminDesk.desktop.databaseUrl);
});

const refused = async (client: pg.Client, sql: string, params: unknown[] = []) => {
  const error = await client.query(sql, params).then(
    () => null,
    (e: { code?: string }) => e,
  );
  expect(error, sql).not.toBeNull();
  expect(['42501', '42P01'], sql).toContain(error!.code);
};

describe('an organizer desktop login', () => {
  it('works with events, drafts included, for the organizer acting at it', async () => {
    // Without a session it sees nothing (organizer-login.test.ts); acting for an organizer it
    // sees every event and changes that organizer's own.
    const olga = await staffCaller(team.owner, team.admin, 'organizer', 'olga@example.org');
    await organizer.query('select usher_act_as($1)', [hashToken(olga.ctx.token!)]);
    const own = await createEvent(olga, { title: 'Olga’s draft', status: 'draft' });
    const { rows } = await organizer.query('select title from events order by title');
    expect(rows).toEqual([{ title: 'Draft' }, { title: 'Olga’s draft' }]);
    const edited = await organizer.query(`update events set description = 'edited' where id = $1`, [
      own.id,
    ]);
    expect(edited.rowCount).toBe(1);
    await refused(organizer, `update events set description = 'edited' where title = 'Draft'`);
  });

  it('never touches staff accounts, password hashes, sessions, devices or the audit log', async () => {
    await refused(organizer, 'select password_hash from users');
    await refused(organizer, `update users set role = 'admin'`);
    await refused(
      organizer,
      `insert into users (email, password_hash, full_name, role) values ('o@x.org', 'x', 'O', 'admin')`,
    );
    await refused(organizer, 'select * from sessions');
    await refused(organizer, 'delete from sessions');
    await refused(organizer, 'select * from audit_log');
    await refused(organizer, 'select * from devices');
    await refused(organizer, `select usher_device_enroll('x', 'admin', 'p', 'p', now())`);
    const hashes = await organizer.query(
      `select usher_password_hash(id) as hash from users where role = 'admin'`,
    );
    expect(hashes.rows).toEqual([{ hash: null }]);
  });

  it('never changes the schema', async () => {
    await refused(organizer, 'create table loot (x int)');
    await refused(organizer, 'alter table events disable row level security');
    await refused(organizer, 'drop table event_registrations');
    await refused(organizer, 'truncate events');
  });
});

describe('an admin desktop login', () => {
  it('manages staff accounts and reads the audit log and devices', async () => {
    await admin.query('select password_hash from users');
    await admin.query('select * from audit_log');
    const { rows } = await admin.query('select name from devices order by name');
    expect(rows.map((row) => row.name)).toEqual(['Back office', 'Office']);
  });

  it('enrolls and revokes desktops from the app, Redis users included', async () => {
    const desk = adminDesk.caller();
    await desk.ok('auth.login', { email: 'ada@example.org', password: 'correct horse battery' });
    const { device, enrollment } = await desk.ok('devices.add', { name: 'Gate Z', kind: 'door' });
    expect(enrollment.redisUrl).toContain(device.login);
    const users = (await team.redisAdmin.call('ACL', 'USERS')) as string[];
    expect(users).toContain(device.login);
    await desk.ok('devices.revoke', { id: device.id });
    expect((await team.redisAdmin.call('ACL', 'USERS')) as string[]).not.toContain(device.login);
  });

  it('still never changes the schema or creates roles itself', async () => {
    await refused(admin, 'create table loot (x int)');
    await refused(admin, 'alter table users add column loot text');
    await refused(admin, 'drop table audit_log');
    await refused(admin, 'create role thief login superuser');
    await refused(admin, 'delete from audit_log');
    await refused(admin, `update devices set revoked_at = null`);
  });
});
