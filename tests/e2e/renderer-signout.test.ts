import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@shared/contract';
import { createCore, type CallContext, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { expectClean, goTo, signIn, toast } from '../support/e2e-app';
import { createEvent } from '../support/events';

// One desktop, several people in turn: each sign-out must leave nothing of the last person for
// the next one to see (filters, lists, toasts, the door's last verdict), not even for a moment.

let e2e: E2e;
let doorCore: Core;
let app: AppPage;
let ticket: string;
// While set, the page's `events.list` waits for it: what the screen shows meanwhile is whatever
// the renderer kept from before.
let listHeld: Promise<void> | null = null;

const password = 'a long enough password';
const people = {
  dora: { email: 'dora@example.org', fullName: 'Dora Door', role: 'door' },
  olga: { email: 'olga@example.org', fullName: 'Olga Organizer', role: 'organizer' },
  dan: { email: 'dan@example.org', fullName: 'Dan Door', role: 'door' },
} as const;

const notifications = () => app.page.getByRole('region', { name: 'Notifications' });
const station = () => app.page.getByRole('dialog', { name: 'Check-in for Harbour Lights' });
const verdict = () => station().getByRole('region', { name: 'Verdict' });

async function signOut() {
  await app.page.getByRole('button', { name: 'Sign out' }).click();
  await app.page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
}

beforeAll(async () => {
  e2e = await startE2e('renderer_signout');
  // The page talks to a core of its own with a door file, as a door desktop's main does.
  const dir = await mkdtemp(join(tmpdir(), 'usher-e2e-signout-'));
  doorCore = await createCore({
    databaseUrl: e2e.test.database.url,
    log: silentLogger,
    device: { ...e2e.device, doorFile: join(dir, 'door.sqlite') },
  });
  afterAll(async () => {
    await doorCore.close();
    await rm(dir, { recursive: true, force: true });
  });
  app = await e2e.open({
    call: async (channel: string, input: unknown, ctx: CallContext): Promise<Envelope<unknown>> => {
      if (channel === 'events.list' && listHeld) await listHeld;
      return doorCore.call(channel, input, ctx);
    },
  });
  const stop = doorCore.subscribe((topic, payload) => {
    void app.push(topic, payload).catch(() => undefined);
  });
  app.page.on('close', stop);
});

describe('signing out forgets the person', () => {
  it('takes the welcome toast away with the first admin', async () => {
    const { page } = app;
    await page.getByLabel('Full name').fill(adminInput.fullName);
    await page.getByLabel('Email').fill(adminInput.email);
    await page.getByLabel('Password', { exact: true }).fill(adminInput.password);
    await page.getByLabel('Confirm password').fill(adminInput.password);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await toast(page, 'Usher is ready');
    await signOut();
    // The toast lives for seconds more; it was Ada's, not whoever signs in next.
    expect(await notifications().getByText('Usher is ready').count()).toBe(0);
  });

  describe('then door staff, an organizer and door staff again', () => {
    beforeAll(async () => {
      const admin = makeCaller(e2e.test.core);
      await admin.ok('auth.login', { email: adminInput.email, password: adminInput.password });
      for (const person of Object.values(people)) {
        await admin.ok('users.create', { ...person, password });
      }
      const harbour = await createEvent(admin, { title: 'Harbour Lights', maxAttendees: 50 });
      const { registration } = await admin.ok('registrations.register', {
        eventId: harbour.id,
        name: 'Grace Hopper',
        email: 'grace@example.org',
      });
      ticket = registration.ticketCode;
      const olga = makeCaller(e2e.test.core);
      await olga.ok('auth.login', { email: people.olga.email, password });
      await createEvent(olga, { title: 'Olga Secret Draft', status: 'draft' });
    });

    it('lets door staff check someone in, then sign out', async () => {
      const { page } = app;
      await signIn(page, people.dora.email, password);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: 'Door' })
        .click();
      await page.getByRole('button', { name: 'Prepare this device for Harbour Lights' }).click();
      await station().waitFor();
      await page.keyboard.type(ticket);
      await page.keyboard.press('Enter');
      await verdict().getByText('Welcome in').waitFor();
      await verdict().getByRole('button', { name: /^Undo/ }).waitFor();
      await station().getByRole('button', { name: 'Change event' }).click();
      await signOut();
    });

    it('lets an organizer filter their events and see a toast, then sign out', async () => {
      const { page } = app;
      await signIn(page, people.olga.email, password);
      // The first screen, not the one Dora left (Door); soft, so the checks below still run.
      expect
        .soft(await page.getByRole('heading', { level: 1 }).first().textContent())
        .toBe('Events');
      await goTo(page, 'Events');
      await page.getByLabel('Search events').fill('Olga');
      const events = page.getByRole('table', { name: 'Events' });
      await events.getByRole('button', { name: 'Olga Secret Draft' }).waitFor();
      await events.getByText('Harbour Lights').waitFor({ state: 'detached' });
      await events.getByRole('button', { name: 'Olga Secret Draft' }).click();
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Register attendee' });
      await dialog.getByLabel('Name').fill('Rita Register');
      await dialog.getByLabel('Email').fill('rita@example.org');
      await dialog.getByRole('button', { name: 'Register' }).click();
      await toast(page, 'Rita Register is registered');
      await page.getByRole('button', { name: 'All events' }).click();
      await events.getByRole('button', { name: 'Olga Secret Draft' }).waitFor();
      await signOut();
      expect(await notifications().getByText('Rita Register').count()).toBe(0);
    });

    it('shows the next person none of the last one’s filters, events or toasts', async () => {
      const { page } = app;
      let release!: () => void;
      listHeld = new Promise((resolve) => (release = resolve));
      try {
        await signIn(page, people.dan.email, password);
        await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
        // Dan's own list has not arrived: nothing of Olga's may stand in for it.
        await page.getByRole('status').filter({ hasText: 'Loading events…' }).waitFor();
        expect(await page.getByLabel('Search events').inputValue()).toBe('');
        expect(await page.getByRole('button', { name: 'Clear filters' }).count()).toBe(0);
        expect(await page.getByText('Olga Secret Draft').count()).toBe(0);
        expect(await page.getByRole('table', { name: 'Events' }).count()).toBe(0);
        expect(await notifications().getByRole('status').count()).toBe(0);
      } finally {
        listHeld = null;
        release();
      }
      const events = page.getByRole('table', { name: 'Events' });
      await events.getByRole('button', { name: 'Harbour Lights' }).waitFor();
      expect(await events.getByText('Olga Secret Draft').count()).toBe(0);
    });

    it('opens the door station without the last door person’s verdict or undo', async () => {
      const { page } = app;
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: 'Door' })
        .click();
      await station().waitFor();
      // Dora's check-in can still be undone on the server's clock, but not by Dan, by accident.
      expect(await verdict().getByText('Ready for the next ticket').count()).toBe(1);
      expect(await verdict().getByText('Welcome in').count()).toBe(0);
      expect(await verdict().getByText('Grace Hopper').count()).toBe(0);
      expect(await verdict().getByRole('button', { name: /^Undo/ }).count()).toBe(0);
      expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
    });
  });
});
