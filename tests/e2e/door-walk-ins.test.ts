import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { AppPage } from '../support/e2e';
import { expectClean } from '../support/e2e-app';
import { prepareStation, startDoorE2e, type DoorE2e } from './door-world';

// The station's walk-in form as a supervisor uses it at a busy door: from the keyboard, the
// event's door-visible question held to the event's own rule, the answer shown as a verdict,
// a full event answered before anyone is let in, and "Admit anyway" flagged for the organizer.

let world: DoorE2e;
let app: AppPage;
let station: Locator;

beforeAll(async () => {
  world = await startDoorE2e('door_walk_ins', { title: 'Walk-in Night', attendees: 2 });
  await world.admin.ok('questions.create', {
    eventId: world.eventId,
    label: 'Diet',
    kind: 'singleChoice',
    required: true,
    choices: ['none', 'vegetarian'],
    min: null,
    max: null,
    earliest: null,
    latest: null,
    ticketTypeIds: null,
    doorVisible: true,
  });
  // Room for one walk-in.
  await world.e2e.test.core.db.run('update events set max_attendees = 3 where id = $1', [
    world.eventId,
  ]);
  app = await world.openDoorPage();
  station = await prepareStation(app, world.title);
});

const verdict = () => station.getByRole('region', { name: 'Verdict' });
const focusedLabel = () =>
  app.page.evaluate(() => {
    const active = document.activeElement as HTMLInputElement | null;
    return active?.labels?.[0]?.textContent ?? active?.getAttribute('aria-label') ?? null;
  });

const walkInsOnServer = () =>
  world.e2e.test.core.db.many<{ name: string; walk_in: string; code: string }>(
    `select attendee_name as name, walk_in, ticket_code as code from event_registrations
      where event_id = $1 and walk_in is not null order by seq`,
    [world.eventId],
  );

describe('the walk-in form', () => {
  it('registers and admits a walk-in from the keyboard, shown like a scan', async () => {
    await station.getByRole('button', { name: 'Register a walk-in' }).click();
    const form = station.locator('form.walk-in-form');
    await form.waitFor();
    expect(await focusedLabel()).toContain('Name');
    await app.page.keyboard.type('Wanda Walker');
    await app.page.keyboard.press('Tab');
    await app.page.keyboard.type('wanda@example.org');
    // The door-visible question is required: the event's rule holds before anything is sent.
    await app.page.keyboard.press('Enter');
    await form.getByText('This question is required').waitFor();
    expect(await focusedLabel()).toContain('Diet');
    await form.getByLabel('Diet').selectOption('vegetarian');
    await app.page.keyboard.press('Enter');

    await verdict().getByText('Welcome in').waitFor();
    await verdict().locator('.verdict-name', { hasText: 'Wanda Walker' }).waitFor();
    expect(await verdict().textContent()).toContain('vegetarian');
    // The form closed and the scan field has the door again.
    await form.waitFor({ state: 'detached' });
    expect(await app.page.evaluate(() => document.activeElement?.id)).toBe('door-scan-code');

    const [wanda] = await walkInsOnServer();
    expect(wanda).toMatchObject({ name: 'Wanda Walker', walk_in: 'admitted' });
    // Re-scanned at once: already in.
    await app.page.keyboard.type(wanda!.code);
    await app.page.keyboard.press('Enter');
    await verdict().getByText('Already checked in').waitFor();
  });

  it('says the event is full before letting anyone in, and admits anyway flagged', async () => {
    await station.getByRole('button', { name: 'Register a walk-in' }).click();
    const form = station.locator('form.walk-in-form');
    await form.getByLabel('Name').fill('Larry Late');
    await form.getByLabel('Email').fill('larry@example.org');
    await form.getByLabel('Diet').selectOption('none');
    await form.getByRole('button', { name: 'Register and check in' }).click();
    await form.getByRole('alert').getByText('No seat is left').waitFor();
    expect((await walkInsOnServer()).map((w) => w.name)).toEqual(['Wanda Walker']);

    await form.getByRole('button', { name: 'Admit anyway' }).click();
    await verdict().locator('.verdict-name', { hasText: 'Larry Late' }).waitFor();
    expect((await walkInsOnServer()).map((w) => [w.name, w.walk_in])).toEqual([
      ['Wanda Walker', 'admitted'],
      ['Larry Late', 'over_capacity'],
    ]);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('closes with Escape, back to the scan field', async () => {
    await station.getByRole('button', { name: 'Register a walk-in' }).click();
    await station.locator('form.walk-in-form').waitFor();
    await app.page.keyboard.press('Escape');
    await station.locator('form.walk-in-form').waitFor({ state: 'detached' });
    expect(await app.page.evaluate(() => document.activeElement?.id)).toBe('door-scan-code');
  });
});
