import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { Redis } from 'ioredis';
import { onCleanup } from '../../support/cleanup';
import { createEvent } from '../../support/events';
import { staffCaller } from '../../support/core';
import { hashToken } from '../../../electron/core/auth/tokens';
import { cacheEntriesOf, cacheVersionKey } from '../../../electron/core/cache/listing-cache';
import { changeStreamKey } from '../../../electron/core/live/redis-feed';
import { rawPg, startDesktop, startTeam, type Desktop, type Team } from './fixtures';

// A stolen door laptop: its own credentials, used outside the app, yield only what door staff
// may see. Every refusal below comes from PostgreSQL or Redis, not from Usher's code.

let team: Team;
let desktop: Desktop;
let doorDesktop: Awaited<ReturnType<typeof startDesktop>>;
let door: pg.Client;
const ids = { published: '', draft: '', cancelled: '', publishedReg: '', cancelledReg: '' };

beforeAll(async () => {
  team = await startTeam('door_login');
  const published = await createEvent(team.admin, { title: 'Open day' });
  const draft = await createEvent(team.admin, { title: 'Secret plans', status: 'draft' });
  const cancelled = await createEvent(team.admin, { title: 'Called off' });
  const reg = (eventId: string, name: string) =>
    team.admin.ok('registrations.register', {
      eventId,
      name,
      email: `${name.toLowerCase()}@example.org`,
    });
  ids.publishedReg = (await reg(published.id, 'Alice')).registration.id;
  ids.cancelledReg = (await reg(cancelled.id, 'Bob')).registration.id;
  await reg(draft.id, 'Carol');
  await team.admin.ok('events.cancel', { id: cancelled.id });
  Object.assign(ids, { published: published.id, draft: draft.id, cancelled: cancelled.id });
  await staffCaller(team.owner, team.admin, 'organizer', 'olga@example.org');
  doorDesktop = await startDesktop(team, 'door', 'Gate A');
  ({ desktop } = doorDesktop);
  door = await rawPg(desktop.databaseUrl);
});

const refused = async (client: pg.Client, sql: string, params: unknown[] = []) => {
  const error = await client.query(sql, params).then(
    () => null,
    (e: { code?: string }) => e,
  );
  expect(error, sql).not.toBeNull();
  // insufficient_privilege, or a row-level security refusal.
  expect(error!.code, sql).toBe('42501');
};

describe('a door desktop login, used with a plain PostgreSQL client', () => {
  it('reads published events and their attendees, and nothing of drafts or cancelled events', async () => {
    const events = await door.query('select id, status from events');
    expect(events.rows).toEqual([{ id: ids.published, status: 'published' }]);
    const attendees = await door.query('select id, attendee_name from event_registrations');
    expect(attendees.rows).toEqual([{ id: ids.publishedReg, attendee_name: 'Alice' }]);
  });

  it('reads the ticket types and check-in points of published events only, and changes none', async () => {
    const types = await door.query('select event_id, name from ticket_types');
    expect(types.rows).toEqual([{ event_id: ids.published, name: 'General admission' }]);
    const points = await door.query('select event_id, name from checkin_points');
    expect(points.rows).toEqual([{ event_id: ids.published, name: 'Main entrance' }]);
    await refused(door, `update ticket_types set name = 'Free for all'`);
    await refused(door, `update checkin_points set ticket_type_ids = null`);
    await refused(
      door,
      `insert into checkin_points (event_id, name, position) values ($1, 'Back door', 9)`,
      [ids.published],
    );
  });

  it('reports its own station’s pending moves and cannot change another desktop’s', async () => {
    const [point] = (await door.query('select id from checkin_points')).rows as { id: string }[];
    const row = [ids.published, point!.id];
    // Another desktop's report (the owner writes it here, in that desktop's name).
    await team.owner.core.db.run(
      `insert into station_pending (event_id, device_id, point_id, entries, exits, login)
       values ($1, 'gate-b', $2, 5, 0, 'another_desktop')`,
      row,
    );
    await door.query(
      `insert into station_pending (event_id, device_id, point_id, entries, exits)
       values ($1, 'gate-a', $2, 2, 1)`,
      row,
    );
    const all = await door.query('select device_id, entries from station_pending order by 1');
    expect(all.rows).toEqual([
      { device_id: 'gate-a', entries: 2 },
      { device_id: 'gate-b', entries: 5 },
    ]);
    await refused(
      door,
      `insert into station_pending (event_id, device_id, point_id, entries, exits, login)
       values ($1, 'gate-c', $2, 1, 0, 'another_desktop')`,
      row,
    );
    // Another's rows are out of its reach: neither changed nor removed.
    expect((await door.query(`update station_pending set entries = 0`)).rowCount).toBe(1);
    expect((await door.query(`delete from station_pending`)).rowCount).toBe(1);
    const left = await team.owner.core.db.many('select device_id, entries from station_pending');
    expect(left).toEqual([{ device_id: 'gate-b', entries: 5 }]);
  });

  it('never reads password hashes, sessions, the audit log or devices', async () => {
    await refused(door, 'select password_hash from users');
    await refused(door, 'select * from users');
    await refused(door, 'select * from sessions');
    await refused(door, 'select * from audit_log');
    await refused(door, 'select * from devices');
    const hashes = await door.query(
      `select u.role, usher_password_hash(u.id) as hash from users u order by u.role`,
    );
    expect(hashes.rows.map((row) => [row.role, row.hash])).toEqual([
      ['admin', null],
      ['organizer', null],
    ]);
  });

  it('never writes registrations, events, staff or sessions', async () => {
    await refused(door, `update event_registrations set attendee_name = 'x'`);
    await refused(door, `delete from event_registrations`);
    await refused(
      door,
      `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       values ($1, 'Eve', 'eve@example.org', 'EVE', 'registered')`,
      [ids.published],
    );
    await refused(door, `update events set title = 'x'`);
    await refused(door, `update events set status = 'cancelled'`);
    await refused(
      door,
      `insert into users (email, password_hash, full_name, role)
                          values ('x@example.org', 'x', 'X', 'admin')`,
    );
    await refused(door, `delete from sessions`);
    await refused(door, `delete from audit_log`);
    // Audit rows only of what a door does: a stolen login cannot fill the log with other stories.
    await refused(door, `insert into audit_log (action, entity) values ('users.update', 'user')`);
    await door.query(`insert into audit_log (action, entity) values ('auth.logout', 'user')`);
    await refused(door, `update users set role = 'admin'`);
  });

  it('writes no check-in, undo or counter itself: only the door functions do', async () => {
    await refused(
      door,
      `insert into check_ins (nonce, registration_id, event_id, scanned_at, device_id)
       values ($1, $2, $3, now(), 'thief')`,
      [randomUUID(), ids.publishedReg, ids.published],
    );
    await refused(door, `update check_ins set device_id = 'x'`);
    await refused(door, `update check_ins set reverted_at = now()`);
    await refused(door, `update events set checked_in_count = 1000 where id = $1`, [ids.published]);
    await refused(door, `select id from events where id = $1 for update`, [ids.published]);
    await refused(door, `delete from check_ins`);
  });

  it('checks in through the door functions only with a live session, at open events, as proven staff', async () => {
    const dora = await staffCaller(team.owner, team.admin, 'door', 'dora.fn@example.org');
    const session = hashToken(dora.ctx.token!);
    const doraId = (await dora.ok('auth.session', {})).user!.id;
    const checkIn = (
      token: Buffer,
      registrationId: string,
      eventId: string,
      staff = doraId,
      point: { id: string | null; direction: string } = { id: null, direction: 'in' },
    ) =>
      door.query(
        `select usher_door_check_in($1, 'thief', $2::text[], $3::uuid[], $4::text[], $5::text[],
                                    $6::text[], $7::uuid[], $8::text[], $9::text[], $10::uuid[],
                                    $11::text[])`,
        [
          token,
          [randomUUID()],
          [registrationId],
          [eventId],
          [new Date().toISOString()],
          [null],
          [staff],
          [null],
          [registrationId],
          [point.id],
          [point.direction],
        ],
      );
    const counter = async () =>
      (await door.query('select checked_in_count as n from events where id = $1', [ids.published]))
        .rows[0].n;

    // No live session (a token never issued), then a cancelled event, then another event's
    // registration smuggled in under the published event's id, then credited to someone else.
    await expect(
      checkIn(hashToken('stolen'), ids.publishedReg, ids.published),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(checkIn(session, ids.cancelledReg, ids.cancelled)).rejects.toMatchObject({
      code: '42501',
    });
    await expect(checkIn(session, ids.cancelledReg, ids.published)).rejects.toMatchObject({
      code: '42501',
    });
    const olga = (await team.owner.core.db.one<{ id: string }>(
      `select id from users where email = 'olga@example.org'`,
    ))!;
    await expect(checkIn(session, ids.publishedReg, ids.published, olga.id)).rejects.toMatchObject({
      code: '42501',
    });
    // Check-in points: another event's point, an exit where the point records none.
    const pointOf = async (eventId: string) =>
      (await team.owner.core.db.one<{ id: string }>(
        'select id from checkin_points where event_id = $1 order by position limit 1',
        [eventId],
      ))!.id;
    await expect(
      checkIn(session, ids.publishedReg, ids.published, doraId, {
        id: await pointOf(ids.cancelled),
        direction: 'in',
      }),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      checkIn(session, ids.publishedReg, ids.published, doraId, { id: null, direction: 'out' }),
    ).rejects.toMatchObject({ code: '42501' });
    expect(await counter()).toBe(0);

    // Without a point: at the event's first, going in.
    await checkIn(session, ids.publishedReg, ids.published);
    expect(await counter()).toBe(1);
    const { rows } = await door.query(
      `select nonce, staff_user_id as staff, point_id as point, direction from check_ins
        where registration_id = $1`,
      [ids.publishedReg],
    );
    expect(rows).toEqual([
      {
        nonce: expect.any(String),
        staff: doraId,
        point: await pointOf(ids.published),
        direction: 'in',
      },
    ]);
    const undo = (token: Buffer, eventId: string) =>
      door.query(
        `select usher_door_undo($1, $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[],
                                $7::text[])`,
        [
          token,
          [randomUUID()],
          [rows[0].nonce],
          [eventId],
          [new Date().toISOString()],
          [doraId],
          [null],
        ],
      );
    await expect(undo(session, ids.cancelled)).rejects.toMatchObject({ code: '42501' });
    await undo(session, ids.published);
    expect(await counter()).toBe(0);

    // The lock the upload takes: published events only.
    await door.query('begin');
    const lockable = await door.query('select id from usher_lock_events($1::uuid[])', [
      [ids.published, ids.draft, ids.cancelled],
    ]);
    await door.query('rollback');
    expect(lockable.rows).toEqual([{ id: ids.published }]);
  });

  it('lets stewards check in at the events they work and undo only their newest scan', async () => {
    const sam = await staffCaller(team.owner, team.admin, 'steward', 'sam.fn@example.org');
    const session = hashToken(sam.ctx.token!);
    const samId = (await sam.ok('auth.session', {})).user!.id;
    const checkIn = async () => {
      const nonce = randomUUID();
      await door.query(
        `select usher_door_check_in($1, 'door-s', $2::text[], $3::uuid[], $4::text[], $5::text[],
                                    $6::text[], $7::uuid[], $8::text[], $9::text[], $10::uuid[],
                                    $11::text[])`,
        [
          session,
          [nonce],
          [ids.publishedReg],
          [ids.published],
          [new Date().toISOString()],
          ['already_checked_in'],
          [samId],
          [null],
          [ids.publishedReg],
          [null],
          ['in'],
        ],
      );
      return nonce;
    };
    const undo = (checkInNonce: string) =>
      door.query(
        `select usher_door_undo($1, $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[],
                                $7::text[])`,
        [
          session,
          [randomUUID()],
          [checkInNonce],
          [ids.published],
          [new Date(Date.now() + 1000).toISOString()],
          [samId],
          [null],
        ],
      );
    const first = await checkIn();
    const second = await checkIn();
    await expect(undo(first)).rejects.toMatchObject({ code: '42501' });
    await undo(second);
    // Taking back the newest scan does not bring the one before back into reach.
    await expect(undo(first)).rejects.toMatchObject({ code: '42501' });

    // Limited to assigned events, and assigned none: no check-in at all.
    await team.owner.core.db.run('update users set all_events = false where id = $1', [samId]);
    await expect(checkIn()).rejects.toMatchObject({ code: '42501' });
  });

  it('cannot change the schema, create roles or sign in anyone but door staff', async () => {
    await refused(door, 'create table loot (x int)');
    await refused(door, 'drop table events');
    await refused(door, 'alter table events disable row level security');
    await refused(door, 'create role thief login superuser');
    await refused(
      door,
      `select usher_device_enroll('x', 'admin', 'p', 'p', now() + interval '1 day')`,
    );
    await refused(
      door,
      `select usher_session_create($1, (select id from users where role = 'admin'), false, now() + interval '1 day')`,
      [Buffer.from('token')],
    );
  });

  it('signs in door staff only, through the app on the door desktop', async () => {
    const { caller } = await startDesktop(team, 'door', 'Gate B');
    const refusedLogin = await caller().call('auth.login', {
      email: 'olga@example.org',
      password: 'a long enough password',
    });
    expect(refusedLogin).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await staffCaller(team.owner, team.admin, 'door', 'dora@example.org');
    const doorStaff = caller();
    await doorStaff.ok('auth.login', {
      email: 'dora@example.org',
      password: 'a long enough password',
    });
    const events = await doorStaff.ok('events.list', {});
    expect(events.items.map((event) => event.id)).toEqual([ids.published]);

    // Changing one's own password works through the session, not through the users table.
    await doorStaff.ok('auth.changePassword', {
      currentPassword: 'a long enough password',
      newPassword: 'an even longer password',
    });
    await caller().ok('auth.login', {
      email: 'dora@example.org',
      password: 'an even longer password',
    });
  });

  it("keeps to its own database's keys in Redis", async () => {
    const redis = new Redis(desktop.redisUrl, { maxRetriesPerRequest: 0 });
    onCleanup(() => redis.disconnect());
    const prefix = team.owner.core.redisKeyPrefix;
    await redis.incr(cacheVersionKey(prefix));
    await redis.xrevrange(changeStreamKey(prefix), '+', '-', 'COUNT', 1);
    // Even under its own database's prefix, only the keys a door desktop uses.
    await expect(redis.set(`${prefix}probe`, '1')).rejects.toThrow(/NOPERM/);
    await expect(redis.get('someone-else:key')).rejects.toThrow(/NOPERM/);
    await expect(redis.set('someone-else:key', '1')).rejects.toThrow(/NOPERM/);
    await expect(redis.keys('*')).rejects.toThrow(/NOPERM/);
    await expect(redis.flushall()).rejects.toThrow(/NOPERM/);
    await expect(redis.call('ACL', 'SETUSER', 'thief', 'on', '+@all')).rejects.toThrow(/NOPERM/);
  });

  it("reads the door's cached event listings in Redis, never the staff's (drafts)", async () => {
    const prefix = team.owner.core.redisKeyPrefix;
    const entries = async (audience: 'door' | 'staff') => {
      const keys: string[] = [];
      for await (const batch of team.redisAdmin.scanStream({
        match: `${cacheEntriesOf(prefix, audience)}*`,
      }))
        keys.push(...(batch as string[]));
      return keys;
    };
    // An admin desktop caches the staff listing (drafts included); this door desktop, the door's.
    const staffListing = await team.admin.ok('events.list', {});
    expect(staffListing.items.map((event) => event.title)).toContain('Secret plans');
    await staffCaller(team.owner, team.admin, 'door', 'dana@example.org');
    const doorStaff = doorDesktop.caller();
    await doorStaff.ok('auth.login', {
      email: 'dana@example.org',
      password: 'a long enough password',
    });
    // Door staff's event list is read afresh (assignments change); their categories are cached.
    await doorStaff.ok('events.categories', {});
    const staffKeys = await entries('staff');
    const doorKeys = await entries('door');
    expect(staffKeys.length).toBeGreaterThan(0);
    expect(doorKeys.length).toBeGreaterThan(0);

    const redis = new Redis(desktop.redisUrl, { maxRetriesPerRequest: 0 });
    onCleanup(() => redis.disconnect());
    expect(await redis.get(doorKeys[0]!)).not.toContain('Secret plans');
    for (const key of staffKeys) await expect(redis.get(key)).rejects.toThrow(/NOPERM/);
    // Nor through the cache's own script, which names the entry in its arguments.
    await expect(
      redis.eval("return redis.call('GET', ARGV[1])", 1, cacheVersionKey(prefix), staffKeys[0]!),
    ).rejects.toThrow(/can't access at least one of the keys/);
  });
});
