import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppPage } from '../support/e2e';
import { expectClean } from '../support/e2e-app';
import { prepareStation, startDoorE2e, type DoorE2e } from './door-world';

// A door desktop whose file was damaged while the app was closed (here: its header overwritten)
// says so in plain words when it opens, keeps the old file, sends what it saved, and offers a
// fresh start.

let world: DoorE2e;
let app: AppPage;
const SCANNED = 3;

beforeAll(async () => {
  world = await startDoorE2e('door_damaged', { title: 'Damp Cellar Gig', attendees: 50 });
  app = await world.openDoorPage();
  const station = await prepareStation(app, world.title);
  world.net.unplug();
  for (const person of world.attendees.slice(0, SCANNED)) {
    await app.page.keyboard.type(person.code, { delay: 0 });
    await app.page.keyboard.press('Enter');
    await station.getByRole('region', { name: 'Verdict' }).getByText(person.name).first().waitFor();
  }
  await app.page.close();
  await world.restart(() => {
    const fd = openSync(join(world.dir, 'door.sqlite'), 'r+');
    writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
    closeSync(fd);
    world.net.plugIn();
  });
  app = await world.openDoorPage();
});

describe('a damaged door file', () => {
  it('says what happened, what was kept and saved, and starts fresh when asked', async () => {
    const { page } = app;
    const notice = page.getByRole('region', { name: 'This desktop’s door file was damaged' });
    await notice.waitFor();
    await notice.getByText('The start of the door file was overwritten').waitFor();
    await page
      .getByTestId('door-recovered')
      .filter({ hasText: `${SCANNED} check-ins waiting to be sent were saved from it` })
      .waitFor();
    expect(await page.getByTestId('door-unreadable').textContent()).toBe(
      'Every check-in it held that had not been sent yet was read.',
    );
    const keptAs = await notice.locator('code').textContent();
    expect(keptAs).toMatch(/door\.sqlite\.damaged-/);
    expect(existsSync(keptAs!)).toBe(true);
    await app.screenshot('door-damaged');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });

    // The saved check-ins reach the server.
    await world.doorCore.call('scanner.sync', {}, app.ctx);
    const names = await world.e2e.test.core.db.many<{ name: string }>(
      `select r.attendee_name as name from check_ins c
         join event_registrations r on r.id = c.registration_id where c.event_id = $1`,
      [world.eventId],
    );
    expect(names.map((row) => row.name).sort()).toEqual(
      world.attendees
        .slice(0, SCANNED)
        .map((person) => person.name)
        .sort(),
    );

    await page.getByRole('button', { name: 'Start fresh: prepare an event again' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: `Prepare this device for ${world.title}` }).waitFor();
  });
});
