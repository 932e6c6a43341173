import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@shared/contract';
import { createCore, type CallContext, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { expectClean, signIn } from '../support/e2e-app';
import { createEvent } from '../support/events';
import { unpluggable, type Unpluggable } from '../support/unpluggable';
import { onCleanup } from '../support/cleanup';

// The door station in Chromium. The page talks to a core of its own whose database connection
// runs through a cable the test can pull, so "offline" is a real lost connection.

let e2e: E2e;
let admin: Caller;
let net: Unpluggable;
let doorCore: Core;
let app: AppPage;
let eventId: string;
const tickets = new Map<string, string>();
let releasePrepare: (() => void) | null = null;
let prepareHeld: Promise<void> = Promise.resolve();

const door = { email: 'dora@example.org', password: 'opens the door at six' };
const people = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Margaret Hamilton',
  'Edsger Dijkstra',
  'Barbara Liskov',
];
const crowd = 150;

beforeAll(async () => {
  e2e = await startE2e('door');
  admin = await setupAdmin(e2e.test);
  await admin.ok('users.create', { ...door, fullName: 'Dora Door', role: 'door' });
  const event = await createEvent(admin, {
    title: 'Harbour Lights Festival',
    location: 'Pier 4, Hamburg',
    maxAttendees: 500,
  });
  eventId = event.id;
  for (const name of people) {
    const email = `${name.split(' ')[0]!.toLowerCase()}@example.org`;
    const { registration } = await admin.ok('registrations.register', { eventId, name, email });
    tickets.set(name, registration.ticketCode);
  }
  const csv = Array.from({ length: crowd }, (_, i) => `Guest ${i + 1},guest${i + 1}@example.org`);
  await admin.ok('registrations.import', { eventId, csv: csv.join('\n') });

  net = await unpluggable(e2e.test.database.url);
  const dir = await mkdtemp(join(tmpdir(), 'usher-e2e-door-'));
  doorCore = await createCore({
    databaseUrl: net.url,
    log: silentLogger,
    device: { ...e2e.device, doorFile: join(dir, 'door.sqlite') },
  });
  // After-hooks run last-registered first: this core goes before the database does.
  onCleanup(async () => {
    await doorCore.close();
    await net.close();
    await rm(dir, { recursive: true, force: true });
  });
  app = await openDoorPage('light');
});

/** A window on the door core, with its pushes; `scanner.prepare` answers only when released. */
async function openDoorPage(colorScheme: 'light' | 'dark'): Promise<AppPage> {
  const page = await e2e.open({
    colorScheme,
    call: async (channel: string, input: unknown, ctx: CallContext): Promise<Envelope<unknown>> => {
      const answer = await doorCore.call(channel, input, ctx);
      if (channel === 'scanner.prepare') await prepareHeld;
      return answer;
    },
  });
  const stop = doorCore.subscribe((topic, payload) => {
    void page.push(topic, payload).catch(() => undefined);
  });
  page.page.on('close', stop);
  await signIn(page.page, door.email, door.password);
  return page;
}

const station = () =>
  app.page.getByRole('dialog', { name: 'Check-in for Harbour Lights Festival' });
const verdict = () => station().getByRole('region', { name: 'Verdict' });
const fact = (id: string) => app.page.getByTestId(id);
const focusedId = () => app.page.evaluate(() => document.activeElement?.id ?? null);

/**
 * A screenshot once the page has painted what it shows: the reduced-motion styles still run each
 * colour change as a (very short) transition, and a screenshot can land in the middle of it.
 */
async function shot(target: AppPage, name: string) {
  await target.page.evaluate(async () => {
    // A transition replaced by the next one rejects `finished` (AbortError): it is over too.
    await Promise.all(
      document.getAnimations().map((animation) => animation.finished.catch(() => undefined)),
    );
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
  await target.screenshot(name);
}

/** A hand scanner: the code typed fast into whatever has focus, then Enter. */
async function wedge(code: string) {
  await app.page.keyboard.type(code, { delay: 5 });
  await app.page.keyboard.press('Enter');
}

const standingCheckIns = () =>
  e2e.test.core.db.many<{ name: string; device: string; forced: boolean }>(
    `select r.attendee_name as name, c.device_id as device, c.forced
       from check_ins c join event_registrations r on r.id = c.registration_id
      where c.event_id = $1 and c.reverted_at is null order by c.seq`,
    [eventId],
  );

describe('the door station', () => {
  it('prepares this device for an event, showing the download', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Door' })
      .click();
    await page.getByRole('heading', { name: 'Door', level: 1 }).waitFor();
    await page.getByText('Harbour Lights Festival').waitFor();
    await shot(app, 'door-choose');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });

    prepareHeld = new Promise((resolve) => (releasePrepare = resolve));
    await page
      .getByRole('button', { name: 'Prepare this device for Harbour Lights Festival' })
      .click();
    const total = people.length + crowd;
    await page.getByText(`${total} of ${total} attendees downloaded`).waitFor();
    expect(
      await page
        .getByRole('progressbar', { name: 'Attendees downloaded' })
        .getAttribute('aria-valuenow'),
    ).toBe('100');
    await shot(app, 'door-preparing');
    releasePrepare!();

    await station().waitFor();
    expect(await focusedId()).toBe('door-scan-code');
    expect(await fact('door-counts').textContent()).toBe(`0 / ${total}`);
    await verdict().getByText('Ready for the next ticket').waitFor();
  });

  it('checks a ticket in from a keyboard wedge, then knows it was used', async () => {
    await wedge(tickets.get('Ada Lovelace')!);
    await verdict().getByText('Welcome in').waitFor();
    await verdict().getByText('Ada Lovelace').first().waitFor();
    expect(await verdict().getAttribute('class')).toContain('good');
    expect(await focusedId()).toBe('door-scan-code');
    expect(await app.page.locator('#door-scan-code').inputValue()).toBe('');
    await fact('door-counts').filter({ hasText: /^1 \// }).waitFor();
    await shot(app, 'door-valid');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });

    await wedge(tickets.get('Ada Lovelace')!);
    await verdict().getByText('Already checked in').waitFor();
    await verdict()
      .getByText(/^At \d{1,2}:\d{2}(\s?[AP]M)? on this device by Dora Door$/)
      .waitFor();
    expect(await verdict().getAttribute('class')).toContain('warn');
    await shot(app, 'door-already');

    await wedge('NOT-A-TICKET');
    await verdict().getByText('Unknown ticket').waitFor();
    await verdict().getByText('No ticket has the code NOT-A-TICKET.').waitFor();
    expect(await focusedId()).toBe('door-scan-code');
  });

  it('finds someone without a ticket by name and admits them from the keyboard', async () => {
    const { page } = app;
    await page.keyboard.press('Control+F');
    await page.keyboard.type('grace');
    const found = station().getByRole('list', { name: 'People found' });
    await found.getByText('Grace Hopper').waitFor();
    await shot(app, 'door-search');
    await page.keyboard.press('Enter');
    await verdict().getByText('Welcome in').waitFor();
    await verdict().getByText('Grace Hopper').first().waitFor();
    expect(await focusedId()).toBe('door-scan-code');
    await found.waitFor({ state: 'detached' });
  });

  it('undoes the last check-in', async () => {
    const undo = verdict().getByRole('button', { name: /^Undo \(\d:\d\d\)$/ });
    await undo.waitFor();
    await app.page.keyboard.press('Control+Z');
    await verdict().getByText('Check-in undone').waitFor();
    await undo.waitFor({ state: 'detached' });
    await shot(app, 'door-undo');
    await app.page.getByRole('button', { name: 'Sync now' }).click();
    await fact('door-pending').filter({ hasText: /^0$/ }).waitFor();
    expect(await standingCheckIns()).toEqual([
      { name: 'Ada Lovelace', device: expect.any(String), forced: false },
    ]);
  });

  it('says it is offline by itself, and keeps checking people in', async () => {
    net.unplug();
    await station().getByRole('alert').getByText('Offline.').waitFor({ timeout: 20_000 });
    expect(await fact('door-connection').textContent()).toBe('Offline');

    for (const [i, name] of ['Alan Turing', 'Katherine Johnson', 'Margaret Hamilton'].entries()) {
      await wedge(tickets.get(name)!);
      await verdict().getByText(name).first().waitFor();
      await fact('door-pending')
        .filter({ hasText: new RegExp(`^${i + 1}$`) })
        .waitFor();
    }
    await verdict().getByText('Welcome in').waitFor();
    await fact('door-counts').filter({ hasText: /^4 \// }).waitFor();
    // Meanwhile another entrance, online, let Katherine in first.
    await admin.ok('checkins.upload', {
      deviceId: 'entrance-b',
      items: [
        {
          kind: 'checkIn',
          nonce: randomUUID(),
          eventId,
          ticketCode: tickets.get('Katherine Johnson')!,
          scannedAt: new Date(Date.now() - 60_000).toISOString(),
        },
      ],
    });
    await shot(app, 'door-offline');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('sends what it kept once the server is back, and lists the double check-in', async () => {
    net.plugIn();
    await fact('door-pending').filter({ hasText: /^0$/ }).waitFor({ timeout: 60_000 });
    await fact('door-connection').filter({ hasText: 'Online' }).waitFor();
    await station().getByRole('alert').waitFor({ state: 'detached' });
    const rows = await standingCheckIns();
    expect(rows.map((row) => row.name).sort()).toEqual(
      [
        'Ada Lovelace',
        'Alan Turing',
        'Katherine Johnson',
        'Katherine Johnson',
        'Margaret Hamilton',
      ].sort(),
    );
    expect(rows.filter((row) => row.forced).map((row) => row.name)).toEqual(['Katherine Johnson']);

    const conflicts = station().getByRole('button', { name: '1 conflict' });
    await conflicts.click();
    const table = station().getByRole('table', { name: 'Tickets checked in more than once' });
    await table.getByText('Katherine Johnson').waitFor();
    await table.getByText(/device entrance-b · Ada Admin · counts/).waitFor();
    await table.getByText(/this device · Dora Door · already in when it arrived/).waitFor();
    await shot(app, 'door-conflicts');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
    await station().getByRole('button', { name: 'Close' }).click();
  });

  it('says so plainly when there is no camera', async () => {
    await station().getByRole('button', { name: 'Scan with the camera' }).click();
    await station()
      .getByRole('alert')
      .filter({ hasText: /camera/i })
      .waitFor();
    expect(await app.page.locator('video').isHidden()).toBe(true);
  });

  it('opens straight onto the prepared event in a new window, dark theme too', async () => {
    const dark = await openDoorPage('dark');
    await dark.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Door' })
      .click();
    const darkStation = dark.page.getByRole('dialog', {
      name: 'Check-in for Harbour Lights Festival',
    });
    await darkStation.waitFor();
    await dark.page.keyboard.type(tickets.get('Barbara Liskov')!);
    await dark.page.keyboard.press('Enter');
    await darkStation.getByRole('region', { name: 'Verdict' }).getByText('Welcome in').waitFor();
    await shot(dark, 'door-dark');
    expect(await expectClean(dark)).toEqual({ a11y: [], problems: [] });
    await dark.page.close();
  });
});
