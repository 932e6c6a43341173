import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportColumnLabels, exportColumns } from '@shared/contract/exports';
import { adminInput, setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { dismissToasts, expectClean, signIn, toast } from '../support/e2e-app';
import type { SaveDialog, SaveRequest } from '../support/e2e-save-dialog';
import { createEvent } from '../support/events';
import { readCsv, readXlsx } from '../core/exports/fixtures';
import { onCleanup } from '../support/cleanup';

let e2e: E2e;
let admin: Caller;
let app: AppPage;
let folder: string;
/** What the person picks in the next save dialog: a file, or null to close it. */
let nextSave: SaveDialog = () => null;
const saveRequests: SaveRequest[] = [];

const door = { email: 'dora@example.org', password: 'opens the door at six' };
const BIG = 50_000;
const zoe = { name: 'Zoë Ångström-Nuñez', email: 'zoe@example.org' };

const dialog = () => app.page.getByRole('dialog', { name: 'Export attendees' });
const exportButton = () => dialog().getByRole('button', { name: 'Export…' });
const progressbar = () => dialog().getByRole('progressbar', { name: 'Export progress' });

/** From the list of events. */
async function openEvent(page: AppPage['page'], title: string) {
  await page.getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

const columnLabels = exportColumns.map((column) => exportColumnLabels[column]);

async function chooseColumns(keep: string[]) {
  for (const label of columnLabels) {
    await dialog()
      .getByRole('checkbox', { name: label, exact: true })
      .setChecked(keep.includes(label));
  }
}

beforeAll(async () => {
  e2e = await startE2e('exports');
  admin = await setupAdmin(e2e.test);
  folder = await mkdtemp(join(tmpdir(), 'usher-e2e-exports-'));
  onCleanup(() => rm(folder, { recursive: true, force: true }));

  const evening = await createEvent(admin, { title: 'Export Evening', maxAttendees: 3 });
  for (const person of [
    zoe,
    { name: 'Ben Booker', email: 'ben@example.org' },
    { name: '陈伟', email: 'chen@example.org' },
    { name: 'Dan Door', email: 'dan@example.org' },
  ]) {
    await admin.ok('registrations.register', { eventId: evening.id, ...person });
  }
  const stadium = await createEvent(admin, { title: 'Stadium Night', maxAttendees: null });
  await e2e.test.core.db.run(
    `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
     select $1::uuid, 'Guest ' || n, 'guest' || n || '@example.org', 'STADIUM-' || n, 'registered'
       from generate_series(1, $2::int) n`,
    [stadium.id, BIG],
  );
  // The counter the app keeps as it registers people, which bare inserts bypass.
  await e2e.test.core.db.run('update events set registered_count = $2 where id = $1', [
    stadium.id,
    BIG,
  ]);
  await admin.ok('users.create', { ...door, fullName: 'Dora Door', role: 'door' });

  app = await e2e.open({
    saveDialog: (request) => {
      saveRequests.push(request);
      return nextSave(request);
    },
  });
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('exporting attendees', () => {
  it('opens from the event page with every column chosen, and needs at least one', async () => {
    const { page } = app;
    await openEvent(page, 'Export Evening');
    await page.getByRole('button', { name: 'Export attendees' }).click();
    const columns = dialog().getByRole('group', { name: 'Columns' }).getByRole('checkbox');
    expect(await columns.count()).toBe(9);
    for (const box of await columns.all()) expect(await box.isChecked()).toBe(true);
    expect(
      await dialog()
        .getByRole('radio', { name: /^CSV/ })
        .evaluate((r) => r === document.activeElement),
    ).toBe(true);

    await chooseColumns([]);
    await exportButton().click();
    await dialog().getByText('Choose at least one column').waitFor();
    // Focus goes to the columns that need attention, and nothing reached the save dialog.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.parentElement?.textContent))
      .toBe('Name');
    expect(saveRequests).toEqual([]);
    await chooseColumns(['Name']);
    await dialog().getByText('Choose at least one column').waitFor({ state: 'detached' });
    await chooseColumns(columnLabels);
    await app.screenshot('export-dialog');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });

    // Escape closes it; the shortcut opens it again.
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Shift+E');
    await dialog().waitFor();
  });

  it('saves a CSV file with a byte order mark, readable back', async () => {
    const path = join(folder, 'evening.csv');
    nextSave = () => path;
    await dialog().getByRole('checkbox', { name: 'Add a byte order mark for Excel' }).check();
    await exportButton().click();
    await toast(app.page, `Exported 4 attendees to ${path}`);
    await dialog().waitFor({ state: 'detached' });
    expect(saveRequests.at(-1)).toMatchObject({ format: 'csv' });

    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = await readCsv(path);
    expect(header!.map((cell) => cell.replace(/^\uFEFF/, ''))).toEqual([
      'Name',
      'Email',
      'Ticket type',
      'Ticket code',
      'Status',
      expect.stringMatching(/^Registered at/),
      expect.stringMatching(/^Checked in at/),
      'Check-in device',
      'Waitlist position',
    ]);
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row[1] === zoe.email)?.[0]).toBe(zoe.name);
    expect(rows.find((row) => row[1] === 'chen@example.org')?.[0]).toBe('陈伟');
    expect(rows.find((row) => row[1] === 'dan@example.org')?.slice(4)).toEqual([
      'waitlisted',
      expect.any(String),
      '',
      '',
      '1',
    ]);
  });

  it('saves chosen columns of the waitlist as an Excel workbook', async () => {
    const path = join(folder, 'waitlist.xlsx');
    nextSave = () => path;
    await app.page.keyboard.press('Control+Shift+E');
    await dialog()
      .getByRole('radio', { name: /^Excel/ })
      .check();
    // The byte order mark is a CSV matter only.
    expect(
      await dialog()
        .getByRole('checkbox', { name: /byte order mark/ })
        .count(),
    ).toBe(0);
    await chooseColumns(['Name', 'Email', 'Waitlist position']);
    await dialog().getByLabel('Attendees').selectOption('waitlisted');
    await exportButton().click();
    await toast(app.page, `Exported 1 attendee to ${path}`);
    expect(saveRequests.at(-1)).toMatchObject({ format: 'xlsx' });

    const sheet = await readXlsx(path);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Name', 'Email', 'Waitlist position']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Dan Door', 'dan@example.org', 1]);
    expect(sheet.rowCount).toBe(2);
  });

  it('shows why a file could not be saved, and lets the person try again', async () => {
    const { page } = app;
    await dismissToasts(page);
    const missing = join(folder, 'no such folder');
    nextSave = () => join(missing, 'attendees.csv');
    await page.keyboard.press('Control+Shift+E');
    await exportButton().click();
    await dialog().getByRole('alert').getByText(`The folder ${missing} does not exist`).waitFor();
    await expect
      .poll(() => exportButton().evaluate((b) => b === document.activeElement))
      .toBe(true);
    await app.screenshot('export-error');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });

    // Closing the save dialog is not an error: nothing is saved, quietly.
    nextSave = () => null;
    await exportButton().click();
    await dialog().waitFor({ state: 'detached' });
    await toast(page, 'Export cancelled');
  });

  it(`cancels an export of ${BIG.toLocaleString('en')} attendees mid-way and leaves no file`, async () => {
    const { page } = app;
    await dismissToasts(page);
    await page.getByRole('button', { name: 'All events' }).click();
    await openEvent(page, 'Stadium Night');
    const bigFolder = await mkdtemp(join(folder, 'big-'));
    // The save dialog stays open until the test has looked at the waiting export.
    let choose!: (path: string) => void;
    nextSave = () => new Promise((resolve) => (choose = resolve));
    await page.keyboard.press('Control+Shift+E');
    await dialog()
      .getByRole('radio', { name: /^Excel/ })
      .check();
    await exportButton().click();
    await dialog().getByRole('status').getByText('Choose where to save the file…').waitFor();
    expect(await progressbar().getAttribute('aria-valuenow')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel export');

    // A staged progress note, as main forwards them, for the same picture on every run; the
    // count is not a multiple of the app's steps, so its own notes are told apart below.
    const staged = '12,345 of 50,000 rows';
    await app.push('exports.progress', {
      exportId: saveRequests.at(-1)!.exportId,
      rowsDone: 12_345,
      totalRows: BIG,
    });
    await dialog().getByText(staged).waitFor();
    expect(await progressbar().getAttribute('aria-valuenow')).toBe('25');
    expect(await progressbar().getAttribute('aria-valuetext')).toBe(staged);
    await app.screenshot('export-progress');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });

    choose(join(bigFolder, 'stadium.xlsx'));
    // Checked every frame: the export runs for a second or two only.
    const rows = await page.waitForFunction(
      ([bar, before]) =>
        Number(bar!.getAttribute('aria-valuenow')) > 0 &&
        bar!.getAttribute('aria-valuetext') !== before &&
        bar!.getAttribute('aria-valuetext'),
      [await progressbar().elementHandle(), staged] as const,
      { polling: 'raf' },
    );
    await dialog().getByRole('button', { name: 'Cancel export' }).click();
    expect(await rows.jsonValue()).toMatch(/^[\d,]+ of 50,000 rows$/);
    await dialog().waitFor({ state: 'detached' });
    await toast(page, 'Export cancelled');
    await app.screenshot('export-cancelled');
    expect(await readdir(bigFolder)).toEqual([]);
    const audit = await e2e.test.core.db.one<{ after: { outcome: string; rows: number } }>(
      "select after from audit_log where action = 'exports.attendees' order by id desc limit 1",
    );
    expect(audit?.after.outcome).toBe('cancelled');
    expect(audit?.after.rows).toBeLessThan(BIG);
  });

  it('stops the export when the dialog is closed, even before the app has started it', async () => {
    const { page } = app;
    await dismissToasts(page);
    const bigFolder = await mkdtemp(join(folder, 'closed-'));
    let choose!: (path: string) => void;
    nextSave = () => new Promise((resolve) => (choose = resolve));
    await page.keyboard.press('Control+Shift+E');
    await exportButton().click();
    await dialog().getByRole('status').getByText('Choose where to save the file…').waitFor();
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    // The cancel waits for the export's first progress note, then stops it.
    choose(join(bigFolder, 'stadium.csv'));
    await toast(page, 'Export cancelled');
    expect(await readdir(bigFolder)).toEqual([]);
  });

  it('shows door staff no way to export', async () => {
    const staff = await e2e.open();
    await signIn(staff.page, door.email, door.password);
    await openEvent(staff.page, 'Export Evening');
    await staff.page.getByRole('cell', { name: zoe.name, exact: true }).waitFor();
    expect(await staff.page.getByRole('button', { name: /^export/i }).count()).toBe(0);
    // Keys are handled in order: had the export shortcut opened anything, it would be open
    // before the help that `?` brings up.
    await staff.page.keyboard.press('Control+Shift+E');
    await staff.page.keyboard.press('?');
    await staff.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await staff.page.getByRole('dialog').count()).toBe(1);
    await staff.page.keyboard.press('Escape');
    expect(await expectClean(staff)).toEqual({ a11y: [], problems: [] });
  });

  it('logged no console errors, exceptions or network requests', () => {
    expect(app.problems).toEqual([]);
  });
});
