import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '@shared/contract';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { exportFolder, insertAttendees, insertEvent, lastAudit, userIdOf } from './fixtures';
import { sample } from './sample';

let test: TestCore;
let admin: Caller;
let organizer: Caller;
let otherOrganizer: Caller;
let door: Caller;
let ownEvent: string;
let folder: Awaited<ReturnType<typeof exportFolder>>;

beforeAll(async () => {
  test = await startTestCore({}, 'exports_access');
  admin = await setupAdmin(test);
  organizer = await staffCaller(test, admin, 'organizer');
  otherOrganizer = await staffCaller(test, admin, 'organizer');
  door = await staffCaller(test, admin, 'door');
  ownEvent = await insertEvent(test.core.db, await userIdOf(organizer));
  await insertAttendees(test.core.db, ownEvent, sample.slice(0, 3));
  folder = await exportFolder();
});

const request = (
  overrides: Partial<ChannelInput<'exports.attendees'>> = {},
): ChannelInput<'exports.attendees'> => ({
  exportId: randomUUID(),
  eventId: ownEvent,
  format: 'csv',
  path: join(folder.dir, `${randomUUID()}.csv`),
  ...overrides,
});

describe('who may export', () => {
  it('refuses door staff', async () => {
    const result = await door.call('exports.attendees', request());
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it("refuses an organizer another organizer's event", async () => {
    const result = await otherOrganizer.call('exports.attendees', request());
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses anyone not signed in', async () => {
    const result = await test.caller().call('exports.attendees', request());
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('lets an organizer export their own event, and audits it', async () => {
    const input = request({ filter: 'waitlisted', columns: ['name'] });
    const result = await organizer.ok('exports.attendees', input);
    expect(result).toMatchObject({ status: 'done', rows: 1, path: input.path });
    expect(await lastAudit(test.core.db)).toEqual({
      actor_id: await userIdOf(organizer),
      action: 'exports.attendees',
      entity_id: ownEvent,
      after: {
        exportId: input.exportId,
        format: 'csv',
        columns: ['name'],
        filter: 'waitlisted',
        path: input.path,
        outcome: 'done',
        rows: 1,
      },
    });
  });

  it('lets an admin export any event', async () => {
    const result = await admin.ok('exports.attendees', request({ format: 'xlsx' }));
    expect(result).toMatchObject({ status: 'done', rows: 3 });
    expect((await lastAudit(test.core.db))?.actor_id).toBe(await userIdOf(admin));
  });

  it('says NOT_FOUND for an event that does not exist', async () => {
    const result = await admin.call('exports.attendees', request({ eventId: randomUUID() }));
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('bad input', () => {
  const refusals: [
    string,
    Partial<ChannelInput<'exports.attendees'>> | Record<string, unknown>,
    string,
  ][] = [
    ['a relative path', { path: 'attendees.csv' }, 'path'],
    ['a missing folder', { path: '/no/such/folder/attendees.csv' }, 'path'],
    ['a folder as the file', { path: '/tmp' }, 'path'],
    ['an empty path', { path: '  ' }, 'path'],
    ['an unknown format', { format: 'pdf' }, 'format'],
    ['no columns', { columns: [] }, 'columns'],
    ['an unknown column', { columns: ['name', 'shoeSize'] }, 'columns.1'],
    ['a repeated column', { columns: ['name', 'name'] }, 'columns'],
    ['an unknown filter', { filter: 'vip' }, 'filter'],
    ['an export id that is not a uuid', { exportId: '42' }, 'exportId'],
    ['an event id that is not a uuid', { eventId: 'x' }, 'eventId'],
    ['an unexpected field', { sheet: 'x' }, 'sheet'],
  ];
  for (const [what, overrides, field] of refusals) {
    it(`refuses ${what}`, async () => {
      const result = await admin.call('exports.attendees', request(overrides as never));
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(!result.ok && result.error.fields).toHaveProperty([field]);
    });
  }

  it('names the missing folder', async () => {
    const result = await admin.call(
      'exports.attendees',
      request({ path: '/no/such/folder/a.csv' }),
    );
    expect(!result.ok && result.error.message).toContain('/no/such/folder');
  });

  it('writes nothing for a refused request', async () => {
    const nested = join(folder.dir, 'nested');
    await mkdir(nested);
    const path = join(nested, 'refused.csv');
    await door.call('exports.attendees', request({ path }));
    await otherOrganizer.call('exports.attendees', request({ path }));
    await admin.call('exports.attendees', request({ path, filter: 'vip' as never }));
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(nested)).toEqual([]);
  });
});
