import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { dismissToasts, expectClean, goTo, signIn, toast } from '../support/e2e-app';
import { createEvent } from '../support/events';

let e2e: E2e;
let admin: Caller;
let app: AppPage;

const dialog = (name: string) => app.page.getByRole('dialog', { name });
const eventHeading = (title: string) => app.page.getByRole('heading', { name: title, level: 1 });
const focusedLabel = () =>
  app.page.evaluate(() => {
    const active = document.activeElement as HTMLInputElement | null;
    return active?.labels?.[0]?.textContent ?? active?.textContent ?? null;
  });

beforeAll(async () => {
  e2e = await startE2e('events');
  admin = await setupAdmin(e2e.test);
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('the events screen', () => {
  it('starts empty, saying how to begin', async () => {
    await app.page.getByText('No events yet').waitFor();
    await app.page.getByRole('button', { name: 'Create your first event' }).waitFor();
    await app.screenshot('events-empty');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('explains wrong fields inline, with the contract’s own messages', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'New event' }).click();
    const form = dialog('New event');
    await form.getByLabel('Capacity').fill('lots');
    await form.getByRole('button', { name: 'Create event' }).click();
    await form.getByText('Give the event a title').waitFor();
    await form.getByText('Capacity must be a whole number, or empty for no limit').waitFor();
    expect(await form.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    expect(await focusedLabel()).toBe('Title');
    await app.screenshot('event-form-errors');
    expect(await app.seriousA11yViolations()).toEqual([]);
    // The order of start and end is checked once every field is right, as the app checks it.
    await form.getByLabel('Title').fill('Spring Meetup');
    await form.getByLabel('Capacity').fill('40');
    await form.getByLabel('Ends date').fill('2020-01-01');
    await form.getByRole('button', { name: 'Create event' }).click();
    await form.getByText('The event must end after it starts').waitFor();
    expect(await focusedLabel()).toBe('Ends date');
    // Nothing reached the database.
    expect(await e2e.test.core.db.one('select 1 from events')).toBeUndefined();
  });

  it('creates the event in its own time zone and opens it', async () => {
    const form = dialog('New event');
    await form.getByLabel('Title').fill('Spring Meetup');
    await form.getByLabel('Category').fill('meetup');
    await form.getByLabel('Capacity').fill('40');
    await form.getByLabel('Location').fill('Brooklyn Public Library');
    await form.getByLabel('Time zone').selectOption('America/New_York');
    await form.getByLabel('Starts date').fill('2030-05-01');
    await form.getByLabel('Starts time').fill('18:00');
    await form.getByLabel('Ends date').fill('2030-05-01');
    await form.getByLabel('Ends time').fill('21:30');
    await form.getByRole('radio', { name: /Published/ }).check();
    await form.getByRole('button', { name: 'Create event' }).click();
    await eventHeading('Spring Meetup').waitFor();
    await toast(app.page, 'Event created');
    const row = await e2e.test.core.db.one<{ starts: string; ends: string; status: string }>(
      `select to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as starts,
              to_char(ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as ends, status
         from events where title = 'Spring Meetup'`,
    );
    // 18:00 in New York in May is 22:00 UTC (daylight saving time, UTC-4).
    expect(row).toEqual({
      starts: '2030-05-01T22:00',
      ends: '2030-05-02T01:30',
      status: 'published',
    });
    // Shown on the event's clock, in this browser's (en-US) format.
    await app.page.getByText(/\b6:00\sPM\s–\s9:30\sPM\sEDT/).waitFor();
  });

  it('edits it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = dialog('Edit event');
    expect(await form.getByLabel('Starts time').inputValue()).toBe('18:00');
    await form.getByLabel('Title').fill('Spring Meetup 2030');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await eventHeading('Spring Meetup 2030').waitFor();
    await toast(page, 'Event saved');
    await form.waitFor({ state: 'detached' });
  });

  it('says so clearly when someone else saved first, and overwrites only when asked', async () => {
    const { page } = app;
    const [event] = (await admin.ok('events.list', { search: 'Spring Meetup' })).items;
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = dialog('Edit event');
    await admin.ok('events.update', {
      id: event!.id,
      version: event!.version,
      title: 'Renamed elsewhere',
    });
    await form.getByLabel('Location').fill('Central Library, Grand Army Plaza');
    await form.getByRole('button', { name: 'Save changes' }).click();
    const notice = form.getByRole('alert').filter({ hasText: 'Someone else saved this event' });
    await notice.getByText(/they changed the title/).waitFor();
    await app.screenshot('event-conflict');
    expect(await app.seriousA11yViolations()).toEqual([]);

    await notice.getByRole('button', { name: 'Reload their version' }).click();
    expect(await form.getByLabel('Title').inputValue()).toBe('Renamed elsewhere');
    expect(await form.getByLabel('Location').inputValue()).toBe('Brooklyn Public Library');

    // A second conflict, this time kept: mine overwrites theirs.
    const current = await admin.ok('events.get', { id: event!.id });
    await admin.ok('events.update', { id: event!.id, version: current.version, category: 'talk' });
    await form.getByLabel('Title').fill('Spring Meetup, final');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByRole('button', { name: 'Overwrite with mine' }).click();
    await eventHeading('Spring Meetup, final').waitFor();
    const saved = await admin.ok('events.get', { id: event!.id });
    expect(saved).toMatchObject({ title: 'Spring Meetup, final', category: 'meetup' });
  });

  it('lists events with filters, search as you type and pages', async () => {
    const { page } = app;
    for (let i = 1; i <= 27; i++) {
      await createEvent(admin, {
        title: `Workshop ${String(i).padStart(2, '0')}`,
        category: i % 2 ? 'workshop' : 'talk',
        status: i % 3 ? 'published' : 'draft',
        startsAt: new Date(Date.UTC(2031, 0, i, 17)).toISOString(),
        endsAt: new Date(Date.UTC(2031, 0, i, 19)).toISOString(),
      });
    }
    await page.getByRole('button', { name: 'All events' }).click();
    const rows = page.getByRole('table', { name: 'Events' }).locator('tbody tr');
    await page.getByText('1–25 of 28 events').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('26–28 of 28 events').waitFor();

    await page.getByLabel('Search events').fill('workshop 1');
    await page.getByText('1–10 of 10 events').waitFor();
    await page.getByLabel('Category', { exact: true }).selectOption('workshop');
    await page.getByText('1–5 of 5 events').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('draft');
    await page.getByText('1 of 1 event').waitFor();
    expect(await rows.locator('.row-link').allTextContents()).toEqual(['Workshop 15']);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();

    await page.getByLabel('From').fill('2031-01-10');
    await page.getByLabel('To').fill('2031-01-05');
    await page.getByText('The range must end after it starts').waitFor();
    await page.getByLabel('To').fill('2031-01-12');
    await page.getByText('1–3 of 3 events').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.getByText('1–25 of 28 events').waitFor();
    await dismissToasts(page);
    await app.screenshot('events-list');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('creates an event with the keyboard alone', async () => {
    const { page } = app;
    await page.keyboard.press('Control+N');
    const form = dialog('New event');
    await form.waitFor();
    expect(await focusedLabel()).toBe('Title');
    await page.keyboard.type('Keyboard Gala');
    const steps: [string, string | null][] = [
      ['Category', 'gala'],
      ['Capacity', '120'],
      ['Location', 'Town Hall'],
      ['Time zone', null],
      ['Starts date', '06152031'],
      ['Starts time', '0700PM'],
      ['Ends date', '06152031'],
      ['Ends time', '1100PM'],
    ];
    // Date and time inputs have a tab stop per part (month, day, year…), as for any user.
    const tabTo = async (label: string) => {
      const there = async () => (await focusedLabel())?.startsWith(label);
      for (let presses = 0; presses < 6 && !(await there()); presses++) {
        await page.keyboard.press('Tab');
      }
      expect(await focusedLabel()).toMatch(new RegExp(`^${label}`));
    };
    for (const [label, text] of steps) {
      await tabTo(label);
      if (text) await page.keyboard.type(text);
    }
    await tabTo('Draft'); // the status radios: Draft is chosen
    await page.keyboard.press('ArrowRight'); // Published
    await tabTo('Description');
    await page.keyboard.type('Dinner and dancing.');
    await tabTo('Create event');
    await page.keyboard.press('Enter');
    await eventHeading('Keyboard Gala').waitFor();
    const created = await e2e.test.core.db.one<{ status: string; max: number; local: string }>(
      `select status, max_attendees as max,
              to_char(starts_at at time zone time_zone, 'YYYY-MM-DD HH24:MI') as local
         from events where title = 'Keyboard Gala'`,
    );
    expect(created).toEqual({ status: 'published', max: 120, local: '2031-06-15 19:00' });
    // And back to the list, still by keyboard.
    await page.keyboard.press('Alt+ArrowLeft');
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
  });

  it('moves between screens with Ctrl+number and lists the shortcuts', async () => {
    const { page } = app;
    await page.keyboard.press('Control+3');
    await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
    await page.keyboard.press('Control+1');
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    await page.keyboard.press('?');
    const help = dialog('Keyboard shortcuts');
    await help.getByText('Search on this screen (or /)').waitFor();
    await app.screenshot('shortcuts');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await goTo(page, 'Events');
  });

  it('logged no console errors, exceptions or network requests', () => {
    expect(app.problems).toEqual([]);
  });
});
