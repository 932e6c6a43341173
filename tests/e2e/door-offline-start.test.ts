import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore, type CallContext } from '../../electron/core';
import type { DeviceContext } from '../../electron/core/deps';
import { silentLogger } from '../../electron/core/log';
import { openUnavailableCore, type UnavailableCore } from '../../electron/core/unavailable';
import { makeCaller } from '../support/callers';
import { setupAdmin } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { expectClean } from '../support/e2e-app';
import { createEvent } from '../support/events';
import { onCleanup } from '../support/cleanup';

// A door desktop restarted with the server out of reach: main cannot start the core and serves
// its fallback, whose door station still checks people in from the prepared copy.

let e2e: E2e;
let fallback: UnavailableCore;
let app: AppPage;
let doorToken: string;
const tickets: string[] = [];
const door = { email: 'dora@example.org', password: 'opens the door at six' };

beforeAll(async () => {
  e2e = await startE2e('door_offline_start');
  const admin = await setupAdmin(e2e.test);
  await admin.ok('users.create', { ...door, fullName: 'Dora Door', role: 'door' });
  const event = await createEvent(admin, { title: 'Night Market', maxAttendees: 50 });
  for (const name of ['Ada Lovelace', 'Grace Hopper']) {
    const email = `${name.split(' ')[0]!.toLowerCase()}@example.org`;
    const { registration } = await admin.ok('registrations.register', {
      eventId: event.id,
      name,
      email,
    });
    tickets.push(registration.ticketCode);
  }
  const dir = await mkdtemp(join(tmpdir(), 'usher-e2e-offline-start-'));
  const device: DeviceContext = { ...e2e.device, doorFile: join(dir, 'door.sqlite') };
  // Yesterday, online: Dora prepared this desktop for the event.
  const before = await createCore({
    databaseUrl: e2e.test.database.url,
    log: silentLogger,
    device,
  });
  const dora = makeCaller(before);
  await dora.ok('auth.login', { ...door, remember: true });
  doorToken = dora.ctx.token!;
  await dora.ok('scanner.prepare', { eventId: event.id });
  await before.close();
  // Today the server is out of reach: main serves the fallback, with Dora's remembered session.
  fallback = openUnavailableCore(
    device,
    'Usher could not start: the team server cannot be reached.',
    silentLogger,
  );
  onCleanup(async () => {
    await fallback.close();
    await rm(dir, { recursive: true, force: true });
  });
  app = await e2e.open({
    call: (channel: string, input: unknown, ctx: CallContext) =>
      fallback.call(channel, input, { ...ctx, token: ctx.token ?? doorToken }),
  });
  const stop = fallback.subscribe((topic, payload) => {
    void app.push(topic, payload).catch(() => undefined);
  });
  app.page.on('close', stop);
});

describe('the door station without a server', () => {
  it('offers the prepared station on the cannot-start screen and checks people in', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Usher cannot start' }).waitFor();
    await page.getByText('This desktop is prepared for').waitFor();
    await page.getByRole('button', { name: 'Open the door station' }).click();
    const station = page.getByRole('dialog', { name: 'Check-in for Night Market' });
    await station.waitFor();
    await page.keyboard.type(tickets[0]!);
    await page.keyboard.press('Enter');
    await station.getByRole('region', { name: 'Verdict' }).getByText('Welcome in').waitFor();
    // Kept on this desktop until the server is back.
    await expect.poll(() => page.getByTestId('door-pending').textContent()).toBe('1');
    await page.evaluate(async () => {
      await Promise.all(document.getAnimations().map((animation) => animation.finished));
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    });
    await app.screenshot('door-offline-start');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });
});
