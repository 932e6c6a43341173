import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppPage } from '../support/e2e';
import { screenshotDir } from '../support/e2e';
import { prepareStation, startDoorE2e, type DoorE2e } from './door-world';

// Scan to verdict on screen, at a door of 100,000 attendees: from the Enter key (as the page
// receives it) to the frame after the verdict was committed, over 500 scans. Printed and written
// to test-results/door-performance.json for the README; never asserted (wall-clock times depend on
// the machine).

const ATTENDEES = 100_000;
const SCANS = Number(process.env.USHER_DOOR_SCANS ?? 500);

let world: DoorE2e;
let app: AppPage;

beforeAll(async () => {
  world = await startDoorE2e('door_perf', {
    title: 'Stadium Gates',
    attendees: 0,
    async seed(e2e, eventId) {
      // Real-looking codes in bulk: 'PERF' and 22 digits are all in the ticket alphabet.
      await e2e.test.core.db.run(
        `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
         select $1, 'Fan ' || g, 'fan' || g || '@example.org', 'PERF' || lpad(g::text, 22, '0'),
                'registered'
           from generate_series(1, $2::int) g`,
        [eventId, ATTENDEES],
      );
      await e2e.test.core.db.run('update events set registered_count = $2 where id = $1', [
        eventId,
        ATTENDEES,
      ]);
    },
  });
  app = await world.openDoorPage();
  await prepareStation(app, world.title);
}, 600_000);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

describe('door performance, measured', () => {
  it(`scan to painted verdict over ${SCANS} scans of ${ATTENDEES} attendees`, async () => {
    const { page } = app;
    // In the page: when Enter reached it, and when the frame after the scan's answer was drawn.
    await page.evaluate(() => {
      const enters: number[] = [];
      const committed: number[] = [];
      const painted: number[] = [];
      Object.assign(window, { __enters: enters, __committed: committed, __painted: painted });
      window.addEventListener(
        'keydown',
        (key) => key.key === 'Enter' && enters.push(performance.now()),
        {
          capture: true,
        },
      );
      new MutationObserver((changes) => {
        const added = changes.some((change) =>
          [...change.addedNodes].some(
            (node) =>
              node instanceof HTMLElement &&
              (node.matches('li.recent-entry') || node.querySelector('li.recent-entry')),
          ),
        );
        if (!added) return;
        committed.push(performance.now());
        // After the browser has painted the commit: the next frame, then the end of its task.
        requestAnimationFrame(() => setTimeout(() => painted.push(performance.now()), 0));
      }).observe(document.body, { childList: true, subtree: true });
    });

    const picks = Array.from({ length: SCANS }, (_, i) => 1 + ((i * 7919) % ATTENDEES));
    for (const [i, n] of picks.entries()) {
      // The code arrives in one go (the measure starts at Enter; typing speed is the other tests').
      await page.keyboard.insertText(`PERF${String(n).padStart(22, '0')}`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (count) => (window as unknown as { __painted: number[] }).__painted.length >= count,
        i + 1,
      );
    }
    const { enters, committed, painted } = await page.evaluate(() => {
      const w = window as unknown as Record<'__enters' | '__committed' | '__painted', number[]>;
      return { enters: w.__enters, committed: w.__committed, painted: w.__painted };
    });
    expect(enters.length).toBe(SCANS);
    const round = (n: number) => Math.round(n * 10) / 10;
    const summary = (ends: number[]) => {
      const durations = enters.map((at, i) => ends[i]! - at).sort((a, b) => a - b);
      return {
        p50: round(quantile(durations, 0.5)),
        p99: round(quantile(durations, 0.99)),
        max: round(quantile(durations, 1)),
      };
    };
    const figures = {
      attendees: ATTENDEES,
      scans: SCANS,
      // Enter to the verdict in the page's DOM: the core's answer through the bridge, and React.
      committed: summary(committed),
      // Enter to the frame that shows it.
      painted: summary(painted),
    };
    console.log(`door: scan to painted verdict (ms) ${JSON.stringify(figures)}`);
    await mkdir(join(screenshotDir, '..'), { recursive: true });
    await writeFile(
      join(screenshotDir, '..', 'door-performance.json'),
      `${JSON.stringify(figures, null, 2)}\n`,
    );
    const checkedIn = await world.doorCore.call('scanner.status', {}, app.ctx);
    expect(checkedIn).toMatchObject({ ok: true, value: { event: { checkedIn: SCANS } } });
  }, 300_000);
});
