import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller, setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { signIn } from '../support/e2e-app';
import { createEvent } from '../support/events';
import { redisUrl, testRedisPrefix } from '../support/postgres';

// Two desktops of one team: the window is bridged to core A; core B, on the same PostgreSQL and
// Redis, is another desktop whose changes must appear in the window without a reload.

let e2e: E2e;
let other: Core;
let onOther: Caller;
let app: AppPage;
const keyPrefix = testRedisPrefix('e2e-live');

beforeAll(async () => {
  e2e = await startE2e('live', { redisUrl, redisKeyPrefix: keyPrefix });
  await setupAdmin(e2e.test);
  other = await createCore({
    databaseUrl: e2e.test.database.url,
    redisUrl,
    redisKeyPrefix: keyPrefix,
    log: silentLogger,
  });
  onOther = makeCaller(other);
  await onOther.ok('auth.login', { email: adminInput.email, password: adminInput.password });
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

afterAll(() => other.close());

const seats = (title: string) =>
  app.page.getByRole('row').filter({ hasText: title }).getByTestId('seats');

describe('changes from another desktop', () => {
  it('says live updates are on', async () => {
    await app.page
      .getByRole('banner')
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor();
  });

  it('appear in the events list: a new event, then its counters', async () => {
    const event = await createEvent(onOther, { title: 'Rooftop Concert', maxAttendees: 10 });
    await app.page.getByRole('button', { name: 'Rooftop Concert', exact: true }).waitFor();
    await onOther.ok('registrations.register', {
      eventId: event.id,
      name: 'Remote Rae',
      email: 'rae@example.org',
    });
    await seats('Rooftop Concert').filter({ hasText: '1 / 10' }).waitFor();
  });

  it('appear on the open event: attendees, counts and check-ins', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Rooftop Concert', exact: true }).click();
    await page.getByRole('cell', { name: 'Remote Rae', exact: true }).waitFor();
    const [event] = (await onOther.ok('events.list', { search: 'Rooftop' })).items;
    const { registration } = await onOther.ok('registrations.register', {
      eventId: event!.id,
      name: 'Second Sam',
      email: 'sam@example.org',
    });
    await page.getByRole('cell', { name: 'Second Sam', exact: true }).waitFor();
    await page.getByTestId('registered-count').filter({ hasText: '2 / 10' }).waitFor();
    await page.getByText(/2 registrations; the most, 2/).waitFor();

    await onOther.ok('checkins.upload', {
      deviceId: 'gate-b',
      items: [
        {
          kind: 'checkIn',
          nonce: randomUUID(),
          eventId: event!.id,
          ticketCode: registration.ticketCode,
          scannedAt: new Date().toISOString(),
        },
      ],
    });
    await page.getByTestId('checked-in-count').filter({ hasText: '1' }).waitFor();
    await page.getByText(/1 check-in; the most, 1/).waitFor();
    await app.screenshot('live-update');
    expect(app.problems).toEqual([]);
  });
});
