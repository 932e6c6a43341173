import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin, staffCaller, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { dismissToasts, expectClean, signIn, toast } from '../support/e2e-app';
import { createEvent } from '../support/events';
import { onCleanup } from '../support/cleanup';
import type { SaveRequest } from '../support/e2e-save-dialog';
import { pdfText } from '../core/mail/decode';
import { questionInput } from '../core/questions/fixtures';

// The organizer sets up the door day on the event screen: a second check-in point for VIPs only,
// within the event's first evening, that records exits; then limits a door steward to assigned
// events and assigns them to this one. Checked against what the database holds.

let e2e: E2e;
let admin: Caller;
let app: AppPage;
let eventId: string;
let vipTypeId: string;
let steward: Caller;
const saveRequests: SaveRequest[] = [];
const downloads = mkdtempSync(join(tmpdir(), 'usher-door-day-'));

const dialog = (name: string) => app.page.getByRole('dialog', { name });
const pointsPanel = () => app.page.getByRole('region', { name: 'Check-in points' });
const staffPanel = () => app.page.getByRole('region', { name: 'Door staff' });

beforeAll(async () => {
  e2e = await startE2e('door_day_ui');
  admin = await setupAdmin(e2e.test);
  const event = await createEvent(admin, {
    title: 'Harbour Nights',
    startsAt: '2027-07-02T16:00:00.000Z',
    endsAt: '2027-07-03T02:00:00.000Z',
    timeZone: 'Europe/Lisbon',
  });
  eventId = event.id;
  vipTypeId = (await admin.ok('ticketTypes.create', { eventId, name: 'VIP', capacity: null })).id;
  steward = await staffCaller(e2e.test, admin, 'steward', 'sam@example.org');
  onCleanup(() => rmSync(downloads, { recursive: true, force: true }));
  // The person answers main's save dialog with a file in a folder of the test's.
  app = await e2e.open({
    saveDialog: (request) => {
      saveRequests.push(request);
      return join(downloads, `${request.channel}.pdf`);
    },
  });
  await signIn(app.page, adminInput.email, adminInput.password);
  await app.page.getByRole('button', { name: 'Harbour Nights', exact: true }).click();
  await app.page.getByRole('heading', { name: 'Harbour Nights', level: 1 }).waitFor();
});

describe('the door day on the event screen', () => {
  it('adds a VIP gate with a time window and exits, on the event’s clock', async () => {
    const { page } = app;
    // Every event starts with one point that takes every check-in.
    await pointsPanel().getByRole('rowheader').first().waitFor();
    await pointsPanel().getByRole('button', { name: 'Add check-in point' }).click();
    const add = dialog('Add check-in point');
    await add.getByLabel('Name').fill('VIP gate');
    await add.getByLabel('General admission').uncheck();
    await add.getByLabel('Admits from').fill('2027-07-02T18:00');
    await add.getByLabel('Admits until').fill('2027-07-02T23:30');
    await add.getByLabel('Record exits').check();
    await add.getByLabel('Let people who left come back in').uncheck();
    await add.getByLabel('Capacity inside').fill('150');
    await add.getByLabel('Print a badge when someone is admitted').check();
    await add.getByRole('button', { name: 'Save' }).click();
    await add.waitFor({ state: 'detached' });
    await toast(page, 'VIP gate added');
    const row = pointsPanel().getByRole('row').filter({ hasText: 'VIP gate' });
    await row.getByRole('cell', { name: 'VIP', exact: true }).waitFor();
    await row
      .getByRole('cell', {
        name: 'First check-in counts; records exits, no re-entry; prints a badge on admission',
      })
      .waitFor();
    await row.getByRole('cell', { name: '0 of 150' }).waitFor();

    const stored = await e2e.test.core.db.one<Record<string, unknown>>(
      `select ticket_type_ids as "types", valid_from as "from", valid_until as "until",
              records_exits as "exits", allow_reentry as "reentry", capacity,
              prints_badge as "printsBadge"
         from checkin_points where event_id = $1 and name = 'VIP gate'`,
      [eventId],
    );
    // 18:00 and 23:30 in Lisbon in July (UTC+1).
    expect(stored).toMatchObject({
      types: [vipTypeId],
      from: new Date('2027-07-02T17:00:00.000Z'),
      until: new Date('2027-07-02T22:30:00.000Z'),
      exits: true,
      reentry: false,
      capacity: 150,
      printsBadge: true,
    });
    await dismissToasts(page);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('refuses a window that ends before it starts, next to the field, and saves nothing', async () => {
    const { page } = app;
    const row = pointsPanel().getByRole('row').filter({ hasText: 'VIP gate' });
    await row.getByRole('button', { name: 'Edit VIP gate' }).click();
    const edit = dialog('Edit check-in point');
    await expect(edit.getByLabel('Admits from').inputValue()).resolves.toBe('2027-07-02T18:00');
    await edit.getByLabel('Admits until').fill('2027-07-02T17:00');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText('The window must end after it starts').waitFor();
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'detached' });
    const stored = await e2e.test.core.db.one<{ version: number }>(
      `select version from checkin_points where event_id = $1 and name = 'VIP gate'`,
      [eventId],
    );
    expect(stored?.version).toBe(1);
    await dismissToasts(page);
  });

  it('limits a steward to assigned events, then assigns them to this one', async () => {
    const { page } = app;
    const row = staffPanel().getByRole('row').filter({ hasText: 'steward person' });
    await row.getByRole('cell', { name: 'Yes: works every event' }).waitFor();
    await row.getByRole('button', { name: /Assigned events only/ }).click();
    await toast(page, /works assigned events only/);
    const works = row.getByLabel(/works Harbour Nights/);
    await works.waitFor();
    expect(await works.isChecked()).toBe(false);
    await works.check();
    await toast(page, /works Harbour Nights/);
    const stored = await e2e.test.core.db.one<{ allEvents: boolean; assigned: boolean }>(
      `select u.all_events as "allEvents",
              exists (select 1 from event_door_staff a where a.user_id = u.id and a.event_id = $1)
                as assigned
         from users u where u.email = 'sam@example.org'`,
      [eventId],
    );
    expect(stored).toEqual({ allEvents: false, assigned: true });
    await dismissToasts(page);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('shows the door’s live numbers as check-ins arrive from a station', async () => {
    const { page } = app;
    const doorPanel = () => page.getByRole('region', { name: 'At the door' });
    const stat = (label: string) =>
      doorPanel().locator('.stat').filter({ hasText: label }).locator('.stat-value');
    const guests: string[] = [];
    for (const name of ['Ana Alves', 'Bruno Braga', 'Carla Costa']) {
      const { registration } = await admin.ok('registrations.register', {
        eventId,
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
      });
      guests.push(registration.id);
    }
    // Nothing has moved yet: the panel waits for the first check-in.
    expect(await doorPanel().count()).toBe(0);
    await steward.ok('checkins.upload', {
      deviceId: 'gate-a',
      items: guests.slice(0, 2).map((registrationId) => ({
        kind: 'checkIn' as const,
        nonce: randomUUID(),
        eventId,
        registrationId,
        scannedAt: new Date().toISOString(),
      })),
    });
    await expect.poll(() => stat('Inside now').textContent()).toBe('2');
    expect(await stat('Not in yet').textContent()).toBe('1');
    expect(await stat('Entries').textContent()).toBe('2');
    await doorPanel().getByRole('columnheader', { name: 'Main entrance' }).waitFor();
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('prints name badges with a company under each name, to the file chosen in the save dialog', async () => {
    const { page } = app;
    const company = await admin.ok('questions.create', questionInput(eventId));
    await admin.ok('registrations.register', {
      eventId,
      name: 'Dora Díaz',
      email: 'dora.diaz@example.org',
      answers: { [company.id]: 'Tide Labs' },
    });
    const badges = page.getByRole('region', { name: 'Name badges' });
    await badges.getByLabel('Under the name').selectOption({ label: 'Company' });
    await badges.getByRole('button', { name: 'Save layout' }).click();
    await toast(page, 'Badge layout saved');
    const layout = await e2e.test.core.db.one<{ subtitle: string; version: number }>(
      'select subtitle_question_id as subtitle, version from badge_layouts where event_id = $1',
      [eventId],
    );
    expect(layout).toEqual({ subtitle: company.id, version: 1 });

    await badges.getByRole('button', { name: 'Save badges for printing…' }).click();
    await toast(page, '4 badges saved');
    expect(saveRequests.map((request) => request.channel)).toEqual(['badges.batch']);
    const text = pdfText(readFileSync(join(downloads, 'badges.batch.pdf')));
    for (const line of ['Dora Díaz', 'Tide Labs', 'Ana Alves', 'Harbour Nights']) {
      expect(text).toContain(line);
    }
    await dismissToasts(page);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });
});
