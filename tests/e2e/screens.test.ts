import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { signIn } from '../support/e2e-app';
import { createEvent } from '../support/events';

// What the screenshots showed wrong, each checked the way a person would see it: geometry and
// text on the page as Chromium lays it out.

let e2e: E2e;
let admin: Caller;
let app: AppPage;
const BUSY_DAY = 12_345;

async function openEvent(title: string) {
  const back = app.page.getByRole('button', { name: 'All events' });
  if (await back.isVisible()) await back.click();
  await app.page.getByRole('button', { name: title, exact: true }).click();
  await app.page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

beforeAll(async () => {
  e2e = await startE2e('screens');
  admin = await setupAdmin(e2e.test);
  const small = await createEvent(admin, {
    title: 'Evening Class',
    maxAttendees: 1,
    // 18:00 in New York: shown as 6:00 PM on a 12-hour clock, never "06:00 PM".
    startsAt: '2030-06-14T22:00:00.000Z',
    endsAt: '2030-06-15T01:00:00.000Z',
    timeZone: 'America/New_York',
  });
  for (const name of ['Ann Seat', 'Walt Wait']) {
    await admin.ok('registrations.register', {
      eventId: small.id,
      name,
      email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
    });
  }
  const busy = await createEvent(admin, { title: 'Busy Day', maxAttendees: null });
  await e2e.test.core.db.run(
    `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
     select $1, 'Guest ' || g, 'guest' || g || '@example.org', 'BUSY' || lpad(g::text, 22, '0'),
            'registered'
       from generate_series(1, $2::int) g`,
    [busy.id, BUSY_DAY],
  );
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

describe('screens as people see them', () => {
  it('labels the events search like the filters beside it', async () => {
    const label = app.page.locator('.filters label', { hasText: 'Search events' });
    const box = (await label.boundingBox())!;
    // Not the 1-pixel box of a label only read out: shown, as wide as its words.
    expect(box.width).toBeGreaterThan(40);
  });

  it('shows times without a leading zero', async () => {
    await openEvent('Evening Class');
    const when = await app.page.getByText(/2030/).first().textContent();
    expect(when).toMatch(/6:00/);
    expect(when).not.toMatch(/\b0\d:\d\d/);
  });

  it('shows whole ticket codes, and "Move in" on one line', async () => {
    const cell = app.page.locator('.attendee-row:not(.head) [role="cell"].mono').first();
    const shown = (await cell.textContent())!.replace(/\s/g, '');
    expect(shown).toMatch(/^[0-9A-Z]{26}$/);
    const overflow = await cell.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const moveIn = app.page.getByRole('button', { name: /Move in Walt Wait/ });
    const box = (await moveIn.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(30);
  });

  it('keeps 5-digit chart values inside the chart', async () => {
    await openEvent('Busy Day');
    const chart = app.page.locator('figure.chart').first();
    await chart
      .locator('text', { hasText: /\d{2},\d{3}/ })
      .first()
      .waitFor();
    const clipped = await chart.evaluate((figure) => {
      const svg = figure.querySelector('svg')!.getBoundingClientRect();
      return [...figure.querySelectorAll('svg text')]
        .map((text) => text.getBoundingClientRect())
        .filter((box) => box.left < svg.left || box.right > svg.right).length;
    });
    expect(clipped).toBe(0);
  });

  it('shows at most three toasts, and lets clicks through around them', async () => {
    for (const name of ['Ida One', 'Ole Two', 'Pia Three', 'Rob Four']) {
      await app.page.getByRole('button', { name: 'Register', exact: true }).click();
      const form = app.page.getByRole('dialog', { name: 'Register attendee' });
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Email').fill(`${name.split(' ')[0]!.toLowerCase()}@example.org`);
      await form.getByRole('button', { name: 'Register' }).click();
      await form.waitFor({ state: 'detached' });
      await app.page.locator('.toast', { hasText: name }).waitFor();
    }
    expect(await app.page.locator('.toast').count()).toBe(3);
    const stack = app.page.locator('.toasts');
    expect(await stack.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
  });
});
