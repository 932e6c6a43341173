import { beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';
import { seedDemoData } from '../../../electron/core/seed/seed';
import { adminInput, makeCaller } from '../../support/callers';
import { onCleanup } from '../../support/cleanup';
import {
  createTestDatabase,
  redisUrl,
  testRedisPrefix,
  type TestDatabase,
} from '../../support/postgres';

// `usher seed` on one desktop while another desktop of the team is open on the same servers.
let database: TestDatabase;
let seeder: Core;
let desktop: Core;
const credentials = { email: adminInput.email, password: adminInput.password };
const counts = { events: 6, attendees: 120, staff: 3 };

beforeAll(async () => {
  database = await createTestDatabase('seed');
  const keyPrefix = testRedisPrefix('seed');
  const open = () =>
    createCore({
      databaseUrl: database.url,
      redisUrl,
      redisKeyPrefix: keyPrefix,
      log: silentLogger,
    });
  seeder = await open();
  onCleanup(() => seeder.close());
  desktop = await open();
  onCleanup(() => desktop.close());
});

describe('usher seed', () => {
  it('is seen at once by an open desktop, with generated staff passwords printed once', async () => {
    const seen: unknown[] = [];
    const stop = desktop.subscribe((topic, payload) => {
      if (topic === 'events.changed') seen.push(payload);
    });
    // The open desktop has the (empty) listing cached before the seed.
    await seedDemoData(seeder, credentials, { events: 0, attendees: 0, staff: 0 });
    const viewer = makeCaller(desktop);
    await viewer.ok('auth.login', credentials);
    expect((await viewer.ok('events.list', {})).total).toBe(0);

    const summary = await seedDemoData(seeder, credentials, counts, { allowExisting: true });
    expect((await viewer.ok('events.list', {})).total).toBe(counts.events);
    await expect.poll(() => seen).toContainEqual({ allEvents: true });
    stop();

    expect(summary.staff).toHaveLength(counts.staff);
    const passwords = summary.staff.map((account) => account.password);
    expect(new Set(passwords).size).toBe(counts.staff);
    for (const account of summary.staff) {
      expect(account.password.length).toBeGreaterThanOrEqual(20);
      const staff = makeCaller(desktop);
      await staff.ok('auth.login', { email: account.email, password: account.password });
    }
    expect(JSON.stringify(summary)).not.toContain('usher-demo-password');
  });

  it('refuses a database that already holds data unless asked, and adds nothing', async () => {
    const before = await seeder.db.many<{ n: number }>('select count(*)::int as n from events');
    await expect(seedDemoData(seeder, credentials, counts)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already holds 6 events .* --allow-existing/),
    });
    const after = await seeder.db.many<{ n: number }>('select count(*)::int as n from events');
    expect(after).toEqual(before);
  });

  it('ends the sessions it opened', async () => {
    const sessions = await seeder.db.many<{ n: number }>(
      `select count(*)::int as n from sessions s join users u on u.id = s.user_id
        where u.email = $1`,
      [adminInput.email],
    );
    // The viewer of the first test is still signed in; the seeds' own sessions are gone.
    expect(sessions[0]!.n).toBe(1);
  });
});
