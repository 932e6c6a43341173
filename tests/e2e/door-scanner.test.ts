import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { AppPage } from '../support/e2e';
import { expectClean } from '../support/e2e-app';
import {
  prepareStation,
  recordRecentEntries,
  startDoorE2e,
  type DoorE2e,
  type RecentSeen,
} from './door-world';

// The door as its hardware behaves: a keyboard-wedge scanner types a whole code and Enter in a
// few milliseconds, and a Bluetooth one flushes its stored scans back to back after reconnecting.
// Every key must reach the code it belongs to, and every answer must be seen and heard.

let world: DoorE2e;
let app: AppPage;
let station: Locator;
let seen: () => Promise<RecentSeen[]>;
const BURST = 100;

beforeAll(async () => {
  world = await startDoorE2e('door_scanner', { title: 'Scanner Night', attendees: 2 * BURST + 40 });
  app = await world.openDoorPage();
  station = await prepareStation(app, world.title);
  seen = await recordRecentEntries(app);
  // Every note the station plays, by its pitch: the sounds are the real Web Audio calls.
  await app.page.evaluate(() => {
    const heard: number[] = [];
    (window as unknown as { __heard: number[] }).__heard = heard;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args) {
      heard.push(this.frequency.value);
      return start.apply(this, args);
    };
  });
});

const heard = () => app.page.evaluate(() => (window as unknown as { __heard: number[] }).__heard);
const focusedId = () => app.page.evaluate(() => document.activeElement?.id ?? null);

/** The server's standing check-ins per attendee name, once this desktop has sent everything. */
async function checkInsByName(): Promise<Map<string, number>> {
  await station.getByRole('button', { name: 'Sync now' }).click();
  await app.page.getByTestId('door-pending').filter({ hasText: /^0$/ }).waitFor();
  const rows = await world.e2e.test.core.db.many<{ name: string; n: number }>(
    `select r.attendee_name as name, count(*)::int as n
       from check_ins c join event_registrations r on r.id = c.registration_id
      where c.event_id = $1 and c.reverted_at is null group by r.attendee_name`,
    [world.eventId],
  );
  return new Map(rows.map((row) => [row.name, row.n]));
}

async function scanBurst(codes: string[], delay: number) {
  for (const code of codes) {
    await app.page.keyboard.type(code, { delay });
    await app.page.keyboard.press('Enter');
  }
}

/** Waits until the recent list has painted an entry for each of `names`. */
async function shownNames(names: string[]): Promise<RecentSeen[]> {
  const want = new Set(names);
  for (let i = 0; i < 600; i++) {
    const entries = (await seen()).filter((entry) => want.has(entry.who));
    if (new Set(entries.map((entry) => entry.who)).size === want.size) return entries;
    await app.page.waitForTimeout(50);
  }
  throw new Error('not every scan was shown');
}

describe('a scanner typing codes back to back', () => {
  for (const [burst, delay] of [
    [0, 0],
    [1, 2],
  ] as const) {
    it(`checks in all ${BURST} codes typed at ${delay} ms a key, once each, and lists every one`, async () => {
      const people = world.attendees.slice(burst * BURST, (burst + 1) * BURST);
      await scanBurst(
        people.map((person) => person.code),
        delay,
      );
      const entries = await shownNames(people.map((person) => person.name));
      expect(entries.every((entry) => entry.title === 'Welcome in' && entry.tone === 'good')).toBe(
        true,
      );
      expect(await focusedId()).toBe('door-scan-code');
      const counts = await checkInsByName();
      for (const person of people)
        expect([person.name, counts.get(person.name)]).toEqual([person.name, 1]);
      // A hundred codes typed key by key through Playwright: 20-50 s on a busy 2-core machine.
    }, 180_000);
  }

  it('keeps a refusal in a burst marked until someone has seen it, while the big verdict moves on', async () => {
    const [first, second] = world.attendees.slice(2 * BURST, 2 * BURST + 2);
    await scanBurst([first!.code, 'NOT-A-TICKET', world.attendees[0]!.code, second!.code], 0);
    await shownNames([second!.name]);
    const verdict = station.getByRole('region', { name: 'Verdict' });
    await verdict.getByText(second!.name).first().waitFor();
    expect(await verdict.getAttribute('class')).toContain('good');

    const recent = station.getByRole('list', { name: 'Recent scans, newest first' });
    await app.page
      .getByTestId('door-needs-look')
      .filter({ hasText: '2 scans to look at' })
      .waitFor();
    expect(await recent.locator('li.needs-look .recent-title').allTextContents()).toEqual([
      'Already checked in',
      'Unknown ticket',
    ]);
    await app.screenshot('door-burst');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });

    await recent.getByRole('button', { name: /^Seen: Unknown ticket/ }).click();
    await app.page
      .getByTestId('door-needs-look')
      .filter({ hasText: '1 scan to look at' })
      .waitFor();
    expect(await focusedId()).toBe('door-scan-code');
    await recent.getByRole('button', { name: /^Seen: Already checked in/ }).click();
    await app.page.getByTestId('door-needs-look').waitFor({ state: 'detached' });
    expect(await recent.locator('li.needs-look').count()).toBe(0);
    expect(await focusedId()).toBe('door-scan-code');
  });
});

describe('codes written any other way', () => {
  it('admits lower case, groups of four with hyphens or spaces, and O, I, L for 0 and 1', async () => {
    const people = world.attendees.slice(2 * BURST + 2, 2 * BURST + 10);
    const groups = (code: string, by: string) => code.match(/.{1,4}/g)!.join(by);
    const written = people.map(
      ({ code }, i) =>
        [
          code.toLowerCase(),
          groups(code, '-'),
          groups(code, ' '),
          groups(code, '-').toLowerCase(),
          code.replace(/0/g, 'O').replace(/1/g, 'I'),
          code.replace(/0/g, 'o').replace(/1/g, 'l'),
          code.replace(/1/g, 'L'),
          groups(code.replace(/0/g, 'O'), ' ').toLowerCase(),
        ][i]!,
    );
    await scanBurst(written, 2);
    const entries = await shownNames(people.map((person) => person.name));
    expect(entries.map((entry) => entry.title)).toEqual(people.map(() => 'Welcome in'));
  });
});

describe('sounds', () => {
  it('plays a distinct sound for in, already in and refused, and none when muted', async () => {
    const person = world.attendees[2 * BURST + 20]!;
    const before = (await heard()).length;
    const scanAndListen = async (code: string, name: string) => {
      const count = (await seen()).length;
      await scanBurst([code], 0);
      await app.page.waitForFunction(
        (n) => (window as unknown as { __recentSeen: unknown[] }).__recentSeen.length > n,
        count,
      );
      await station.getByRole('region', { name: 'Verdict' }).getByText(name).first().waitFor();
    };
    await scanAndListen(person.code, 'Welcome in');
    await scanAndListen(person.code, 'Already checked in');
    await scanAndListen('NO-SUCH-TICKET', 'Unknown ticket');
    expect((await heard()).slice(before)).toEqual([880, 1320, 587, 587, 196]);

    const mute = station.getByRole('button', { name: 'Mute sounds' });
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    await app.page.locator('#door-scan-code').focus();
    const muted = (await heard()).length;
    await scanAndListen(world.attendees[2 * BURST + 21]!.code, 'Welcome in');
    expect((await heard()).length).toBe(muted);
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
  });
});
