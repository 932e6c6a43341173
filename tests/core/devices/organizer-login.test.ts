import { beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../../support/cleanup';
import { hashToken } from '../../../electron/core/auth/tokens';
import { createEvent } from '../../support/events';
import { staffCaller, type Caller } from '../../support/core';
import { rawPg, startDesktop, startTeam, type Team } from './fixtures';

// A stolen organizer laptop: its own login, used with a plain PostgreSQL client, sees the
// attendees of no event until it names a live session (usher_act_as), and then only those of the
// events that session's holder manages. The app names the caller's session on each connection.

let team: Team;
let office: pg.Client;
let ann: Caller;
let ben: Caller;
const ids = { annEvent: '', benEvent: '', annId: '', annGuest: '', benGuest: '' };

beforeAll(async () => {
  team = await startTeam('organizer_login');
  ann = await staffCaller(team.owner, team.admin, 'organizer', 'ann@example.org');
  ben = await staffCaller(team.owner, team.admin, 'organizer', 'ben@example.org');
  ids.annId = (await ann.ok('auth.session', {})).user!.id;
  ids.annEvent = (await createEvent(ann, { title: 'Ann’s meetup' })).id;
  ids.benEvent = (await createEvent(ben, { title: 'Ben’s workshop' })).id;
  const register = (caller: Caller, eventId: string, name: string) =>
    caller.ok('registrations.register', {
      eventId,
      name,
      email: `${name.toLowerCase()}@example.org`,
    });
  ids.annGuest = (await register(ann, ids.annEvent, 'Alice')).registration.id;
  ids.benGuest = (await register(ben, ids.benEvent, 'Bob')).registration.id;
  const { desktop } = await startDesktop(team, 'organizer', 'Office');
  office = await rawPg(desktop.databaseUrl);
});

const count = async (table: string) =>
  Number((await office.query(`select count(*) as n from ${table}`)).rows[0].n);

describe('an organizer desktop login, used with a plain PostgreSQL client', () => {
  it('sees no event, attendee, check-in or mail without a live session', async () => {
    for (const table of ['events', 'event_registrations', 'check_ins', 'mail_outbox']) {
      expect(await count(table), table).toBe(0);
    }
    // The setting is an ordinary one, but a made-up session names nobody.
    await office.query(`select set_config('usher.session', $1, false)`, ['ab'.repeat(32)]);
    expect(await count('events')).toBe(0);
    expect(await count('event_registrations')).toBe(0);
  });

  it('with Ann’s session sees every event but only the attendees and mail of Ann’s', async () => {
    const acting = await office.query('select usher_act_as($1) as id', [hashToken(ann.ctx.token!)]);
    expect(acting.rows).toEqual([{ id: ids.annId }]);
    expect(await count('events')).toBe(2);
    const guests = await office.query('select id from event_registrations');
    expect(guests.rows).toEqual([{ id: ids.annGuest }]);
    const mail = await office.query('select distinct event_id from mail_outbox');
    for (const row of mail.rows) expect(row.event_id).toBe(ids.annEvent);

    // Ben's event: not changed, not handed over, no attendee slipped in.
    await expect(
      office.query(`update events set title = 'mine now' where id = $1`, [ids.benEvent]),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      office.query(`update events set created_by = $1 where id = $2`, [ids.annId, ids.benEvent]),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      office.query(
        `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
         values ($1, 'Eve', 'eve@example.org', 'EVE-TICKET', 'registered')`,
        [ids.benEvent],
      ),
    ).rejects.toMatchObject({ code: '42501' });
    const edited = await office.query(`update event_registrations set attendee_name = 'x'`);
    expect(edited.rowCount).toBe(1);
  });

  it('sees nothing again once that session ends', async () => {
    await office.query('select usher_act_as($1)', [hashToken(ann.ctx.token!)]);
    expect(await count('event_registrations')).toBe(1);
    await ann.ok('auth.logout', {});
    expect(await count('event_registrations')).toBe(0);
    expect(await count('events')).toBe(0);
  });

  it('still serves each organizer their own events through the app', async () => {
    const { caller } = await startDesktop(team, 'organizer', 'Office 2');
    const desk = caller();
    await desk.ok('auth.login', { email: 'ben@example.org', password: 'a long enough password' });
    const listed = await desk.ok('registrations.list', { eventId: ids.benEvent });
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual([ids.benGuest]);
    const events = await desk.ok('events.list', {});
    expect(events.items).toHaveLength(2);
    const other = await desk.call('registrations.list', { eventId: ids.annEvent });
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // An export reads on a connection of its own, as the same person, even right after someone
    // else's call on this desktop used (and named) that connection.
    await staffCaller(team.owner, team.admin, 'organizer', 'cy@example.org');
    const cy = caller();
    await cy.ok('auth.login', { email: 'cy@example.org', password: 'a long enough password' });
    await cy.ok('events.list', {});
    const dir = await mkdtemp(join(tmpdir(), 'usher-organizer-login-'));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    const exported = await desk.ok('exports.attendees', {
      exportId: randomUUID(),
      eventId: ids.benEvent,
      format: 'csv',
      path: join(dir, 'ben.csv'),
    });
    expect(exported).toMatchObject({ status: 'done', rows: 1 });
    expect(await readFile(join(dir, 'ben.csv'), 'utf8')).toContain('Bob');
  });
});
