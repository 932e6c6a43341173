import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { createCore, type CallContext, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e, type StartOptions } from '../support/e2e';
import { signIn } from '../support/e2e-app';
import { createEvent } from '../support/events';
import { onCleanup } from '../support/cleanup';
import { unpluggable, type Unpluggable } from '../support/unpluggable';

// A door desktop for the end-to-end tests: a core of its own with a door file, on the same
// database as the admin's core, and windows signed in as door staff.

export interface DoorE2e {
  e2e: E2e;
  admin: Caller;
  /** The door desktop's core as it runs now (see `restart`). */
  readonly doorCore: Core;
  /** The door core's cable to PostgreSQL: unplug it to take the server out of reach. */
  net: Unpluggable;
  /** Stops the door desktop's core, runs `meanwhile`, and starts it again on the same file. */
  restart(meanwhile?: () => void | Promise<void>): Promise<void>;
  /** The folder holding the door file (`door.sqlite`). */
  dir: string;
  eventId: string;
  title: string;
  /** Every attendee's name and ticket code, in registration order. */
  attendees: { name: string; code: string }[];
  /** A window on the door core, signed in as door staff, on the Door screen. */
  openDoorPage(options?: DoorPageOptions): Promise<AppPage>;
}

export interface DoorPageOptions {
  colorScheme?: 'light' | 'dark';
  /** Hears how long the door core took to answer each of the page's calls, as main would see it. */
  onCall?(channel: string, ms: number): void;
}

export const doorStaff = { email: 'dora@example.org', password: 'opens the door at six' };

export async function startDoorE2e(
  label: string,
  options: {
    title: string;
    /** How many attendees to register through the app's own import. */
    attendees: number;
    /** Adds more straight into the database (bulk seeds), before the door core starts. */
    seed?(e2e: E2e, eventId: string): Promise<void>;
    browser?: StartOptions;
  },
): Promise<DoorE2e> {
  const e2e = await startE2e(label, {}, options.browser);
  const admin = await setupAdmin(e2e.test);
  await admin.ok('users.create', { ...doorStaff, fullName: 'Dora Door', role: 'door' });
  const event = await createEvent(admin, { title: options.title, maxAttendees: null });
  const csv = Array.from(
    { length: options.attendees },
    (_, i) => `Guest ${i + 1},g${i + 1}@ex.org`,
  );
  if (csv.length > 0) {
    await admin.ok('registrations.import', { eventId: event.id, csv: csv.join('\n') });
  }
  await options.seed?.(e2e, event.id);
  const attendees = await e2e.test.core.db.many<{ name: string; code: string }>(
    `select attendee_name as name, ticket_code as code from event_registrations
      where event_id = $1 order by seq`,
    [event.id],
  );

  const dir = await mkdtemp(join(tmpdir(), `usher-e2e-${label}-`));
  const net = await unpluggable(e2e.test.database.url);
  const startCore = () =>
    createCore({
      databaseUrl: net.url,
      log: silentLogger,
      device: { ...e2e.device, doorFile: join(dir, 'door.sqlite') },
    });
  let doorCore: Core | null = await startCore();
  // After-hooks run last-registered first: this core goes before the database does.
  onCleanup(async () => {
    await doorCore?.close();
    await net.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function openDoorPage({ onCall, ...pageOptions }: DoorPageOptions = {}) {
    const app = await e2e.open({
      ...pageOptions,
      async call(channel: string, input: unknown, ctx: CallContext) {
        const started = performance.now();
        const answer = await doorCore!.call(channel, input, ctx);
        onCall?.(channel, performance.now() - started);
        return answer;
      },
    });
    const stop = doorCore!.subscribe((topic, payload) => {
      void app.push(topic, payload).catch(() => undefined);
    });
    app.page.on('close', stop);
    await signIn(app.page, doorStaff.email, doorStaff.password);
    await app.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Door' })
      .click();
    return app;
  }

  return {
    e2e,
    admin,
    get doorCore() {
      return doorCore!;
    },
    net,
    async restart(meanwhile) {
      await doorCore?.close();
      doorCore = null;
      await meanwhile?.();
      doorCore = await startCore();
    },
    dir,
    eventId: event.id,
    title: options.title,
    attendees,
    openDoorPage,
  };
}

/** Prepares the desktop from the Door screen and waits for the station, scan field focused. */
export async function prepareStation(app: AppPage, title: string): Promise<Locator> {
  await app.page.getByRole('button', { name: `Prepare this device for ${title}` }).click();
  const station = app.page.getByRole('dialog', { name: `Check-in for ${title}` });
  await station.waitFor({ timeout: 120_000 });
  return station;
}

/** The station's recent-scans list as it was painted: every entry ever added, in order. */
export async function recordRecentEntries(app: AppPage): Promise<() => Promise<RecentSeen[]>> {
  await app.page.evaluate(() => {
    const seen: { seq: number; title: string; who: string; tone: string }[] = [];
    (window as unknown as { __recentSeen: typeof seen }).__recentSeen = seen;
    const note = (node: Node) => {
      if (!(node instanceof HTMLElement)) return;
      if (!node.matches('li.recent-entry')) {
        node.querySelectorAll('li.recent-entry').forEach(note);
        return;
      }
      seen.push({
        seq: Number(node.dataset.seq),
        title: node.querySelector('.recent-title')?.textContent ?? '',
        who: node.querySelector('.recent-who')?.textContent ?? '',
        tone: ['good', 'warn', 'bad', 'neutral'].find((t) => node.classList.contains(t)) ?? '',
      });
    };
    new MutationObserver((changes) => {
      for (const change of changes) change.addedNodes.forEach(note);
    }).observe(document.body, { childList: true, subtree: true });
  });
  return () =>
    app.page.evaluate(() => (window as unknown as { __recentSeen: RecentSeen[] }).__recentSeen);
}

export interface RecentSeen {
  seq: number;
  title: string;
  who: string;
  tone: string;
}
