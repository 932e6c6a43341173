import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { AppPage } from '../support/e2e';
import { expectClean } from '../support/e2e-app';
import { pointInput } from '../support/points';
import { prepareStation, startDoorE2e, type DoorE2e } from './door-world';

// The station at a check-in point, as door staff use it: choose the point, switch between in and
// out (by mouse and by keyboard), see who is inside here and in total, as a range while another
// station still holds scans, and the capacity warning. The database says what really happened.

let world: DoorE2e;
let app: AppPage;
let station: Locator;
let hallId: string;

beforeAll(async () => {
  world = await startDoorE2e('door_points', { title: 'Gate Night', attendees: 4 });
  const hall = await world.admin.ok('points.create', {
    eventId: world.eventId,
    point: pointInput({ name: 'Hall', recordsExits: true, allowReentry: false, capacity: 2 }),
  });
  hallId = hall.id;
  app = await world.openDoorPage();
  station = await prepareStation(app, world.title);
});

const verdict = () => station.getByRole('region', { name: 'Verdict' });
const fact = (id: string) => app.page.getByTestId(id);
const focusedId = () => app.page.evaluate(() => document.activeElement?.id ?? null);
const person = (i: number) => world.attendees[i]!;

async function wedge(code: string) {
  await app.page.keyboard.type(code, { delay: 5 });
  await app.page.keyboard.press('Enter');
}

/** Waits for the verdict's title and the person's name, both painted. */
async function shows(title: string, name: string) {
  await verdict().getByText(title, { exact: true }).waitFor();
  await verdict().getByText(name).first().waitFor();
}

const hallMoves = () =>
  world.e2e.test.core.db.many<{ name: string; direction: string }>(
    `select r.attendee_name as name, c.direction
       from check_ins c join event_registrations r on r.id = c.registration_id
      where c.event_id = $1 and c.point_id = $2 and c.reverted_at is null order by c.seq`,
    [world.eventId, hallId],
  );

describe('the station at a check-in point', () => {
  it('opens at the event’s first point, entries only, and moves to another from the picker', async () => {
    await fact('door-direction')
      .filter({ hasText: 'Scanning people IN at Main entrance' })
      .waitFor();
    await station.getByText('Entries only', { exact: true }).waitFor();
    expect(await station.getByRole('group', { name: 'Scanning direction' }).count()).toBe(0);

    await station.getByLabel('Check-in point').selectOption({ label: 'Hall' });
    await fact('door-direction').filter({ hasText: 'Scanning people IN at Hall' }).waitFor();
    // The scanner's next code must land in the scan field, not in the picker.
    await app.page.waitForFunction(() => document.activeElement?.id === 'door-scan-code');
    await fact('door-inside-here')
      .filter({ hasText: /^0\s*\/ 2$/ })
      .waitFor();
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('lets people in at the hall and warns as it fills', async () => {
    await wedge(person(0).code);
    await shows('Welcome in', person(0).name);
    await fact('door-inside-here')
      .filter({ hasText: /^1\s*\/ 2$/ })
      .waitFor();
    expect(await station.getByRole('alert').filter({ hasText: 'Nearly full' }).count()).toBe(0);

    await wedge(person(1).code);
    await shows('Welcome in', person(1).name);
    await fact('door-inside-here')
      .filter({ hasText: /^2\s*\/ 2$/ })
      .waitFor();
    await station
      .getByRole('alert')
      .filter({ hasText: 'Nearly full. Hall has 2 inside' })
      .waitFor();
    await app.screenshot('door-points-nearly-full');
  });

  it('switches to "out" by mouse, checks someone out, and takes the exit back', async () => {
    const switcher = station.getByRole('group', { name: 'Scanning direction' });
    await switcher.getByRole('button', { name: 'Out', exact: true }).click();
    await fact('door-direction').filter({ hasText: 'Scanning people OUT at Hall' }).waitFor();
    expect(
      await switcher.getByRole('button', { name: 'Out', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    await station.getByText('Checking people OUT:').waitFor();
    expect(await focusedId()).toBe('door-scan-code');

    await wedge(person(0).code);
    await shows('Checked out', person(0).name);
    await fact('door-inside-here')
      .filter({ hasText: /^1\s*\/ 2$/ })
      .waitFor();
    await station.getByRole('alert').filter({ hasText: 'Nearly full' }).waitFor({
      state: 'detached',
    });
    await app.screenshot('door-points-out');

    await verdict()
      .getByRole('button', { name: /^Undo \(\d:\d\d\)$/ })
      .click();
    await shows('Exit undone', person(0).name);
    await fact('door-inside-here')
      .filter({ hasText: /^2\s*\/ 2$/ })
      .waitFor();

    // Someone who never came in cannot leave.
    await wedge(person(2).code);
    await shows('Not admitted here', person(2).name);
    await verdict().getByText('Not checked in here.').waitFor();

    await wedge(person(0).code);
    await shows('Checked out', person(0).name);
    await fact('door-inside-here')
      .filter({ hasText: /^1\s*\/ 2$/ })
      .waitFor();
  });

  it('switches back to "in" from the keyboard; the hall refuses re-entry in its own words', async () => {
    const inButton = station
      .getByRole('group', { name: 'Scanning direction' })
      .getByRole('button', { name: 'In', exact: true });
    await inButton.focus();
    await app.page.keyboard.press('Space');
    await fact('door-direction').filter({ hasText: 'Scanning people IN at Hall' }).waitFor();
    await app.page.waitForFunction(() => document.activeElement?.id === 'door-scan-code');

    await wedge(person(0).code);
    await shows('Not admitted here', person(0).name);
    await verdict().getByText('Left already: no re-entry here.').waitFor();
    expect(await verdict().getAttribute('class')).toContain('bad');

    await station.getByRole('button', { name: 'Sync now' }).click();
    await fact('door-pending').filter({ hasText: /^0$/ }).waitFor();
    expect(await hallMoves()).toEqual([
      { name: person(0).name, direction: 'in' },
      { name: person(1).name, direction: 'in' },
      { name: person(0).name, direction: 'out' },
    ]);
  });

  it('shows occupancy as a range while another station still holds scans', async () => {
    // Another gate's station reported two entries and one exit at the hall it has not sent yet.
    await world.admin.ok('points.reportPending', {
      eventId: world.eventId,
      deviceId: 'gate-b',
      pending: [{ pointId: hallId, entries: 2, exits: 1 }],
    });
    await station.getByRole('button', { name: 'Sync now' }).click();
    // 1 inside by what the server has: 0 to 3 once gate B's scans arrive.
    await fact('door-inside-here')
      .filter({ hasText: /^0–3\s*\/ 2$/ })
      .waitFor();
    await fact('door-inside-total')
      .filter({ hasText: /^0–3 in total, 1 station still sending$/ })
      .waitFor();
    // The warning counts the range's high end.
    await station
      .getByRole('alert')
      .filter({ hasText: 'Nearly full. Hall has 0–3 inside' })
      .waitFor();
    await app.screenshot('door-points-range');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });

    // Gate B sends everything: the range closes.
    await world.admin.ok('points.reportPending', {
      eventId: world.eventId,
      deviceId: 'gate-b',
      pending: [],
    });
    await station.getByRole('button', { name: 'Sync now' }).click();
    await fact('door-inside-total')
      .filter({ hasText: /^1 in total$/ })
      .waitFor();
    const server = await world.admin.ok('points.occupancy', { eventId: world.eventId });
    expect(server.points.find((point) => point.pointId === hallId)).toMatchObject({
      entries: 2,
      exits: 1,
      inside: 1,
    });
  });
});
