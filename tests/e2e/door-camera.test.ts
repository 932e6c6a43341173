import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { ticketQr } from '@shared/ticket-code';
import { newTicketCode } from '../../electron/core/registrations/ticket-code';
import type { AppPage } from '../support/e2e';
import { expectClean } from '../support/e2e-app';
import { onCleanup } from '../support/cleanup';
import {
  prepareStation,
  recordRecentEntries,
  startDoorE2e,
  type DoorE2e,
  type RecentSeen,
} from './door-world';

// The camera alone checks people in: Chromium's fake camera plays a video made with ffmpeg from
// two real ticket QR codes drawn as the app draws them, one dark on light (paper) and one light on
// dark (a phone wallet in dark mode).

let world: DoorE2e;
let app: AppPage;
let station: Locator;
let seen: () => Promise<RecentSeen[]>;
const paper = { code: newTicketCode(), name: 'Paula Paper' };
const phone = { code: newTicketCode(), name: 'Dario Darkmode' };

/** A y4m video: 2 s of each code, on a background of its own light colour, at 10 frames/s. */
async function cameraVideo(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'usher-e2e-camera-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const draw = (code: string, file: string, dark: string, light: string) =>
    QRCode.toFile(join(dir, file), code, {
      errorCorrectionLevel: ticketQr.errorCorrectionLevel,
      margin: ticketQr.quietZoneModules,
      scale: 8,
      color: { dark, light },
    });
  await draw(paper.code, 'paper.png', '#000000', '#ffffff');
  await draw(phone.code, 'phone.png', '#ffffff', '#000000');
  const video = join(dir, 'tickets.y4m');
  const pad = (colour: string) => `pad=480:360:(ow-iw)/2:(oh-ih)/2:${colour}`;
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-loop',
    '1',
    '-t',
    '2',
    '-i',
    join(dir, 'paper.png'),
    '-loop',
    '1',
    '-t',
    '2',
    '-i',
    join(dir, 'phone.png'),
    '-filter_complex',
    `[0]${pad('white')}[a];[1]${pad('black')}[b];[a][b]concat=n=2:v=1:a=0,format=yuv420p`,
    '-r',
    '10',
    video,
  ]);
  return video;
}

beforeAll(async () => {
  const video = await cameraVideo();
  world = await startDoorE2e('door_camera', {
    title: 'Camera Night',
    attendees: 20,
    browser: {
      chromiumArgs: [
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    },
  });
  // Two of the tickets carry the codes in the video.
  const [first, second] = world.attendees;
  for (const [from, to] of [
    [first!, paper],
    [second!, phone],
  ] as const) {
    await world.e2e.test.core.db.run(
      `update event_registrations set ticket_code = $1, attendee_name = $2
        where event_id = $3 and ticket_code = $4`,
      [to.code, to.name, world.eventId, from.code],
    );
  }
  app = await world.openDoorPage();
  station = await prepareStation(app, world.title);
  seen = await recordRecentEntries(app);
});

/** True when the element is inside the window and no scrolling box around it cuts it. */
function fullyVisible(element: Locator): Promise<boolean> {
  return element.evaluate((node) => {
    const box = node.getBoundingClientRect();
    if (box.height < 100 || box.top < 0 || box.left < 0) return false;
    if (box.bottom > window.innerHeight || box.right > window.innerWidth) return false;
    for (let parent = node.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (!/(auto|scroll|hidden|clip)/.test(`${style.overflowX} ${style.overflowY}`)) continue;
      const clip = parent.getBoundingClientRect();
      if (box.top < clip.top - 0.5 || box.bottom > clip.bottom + 0.5) return false;
      if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) return false;
    }
    return true;
  });
}

describe('the camera', () => {
  it('checks in a ticket on paper and one on a dark-mode phone, from the camera alone', async () => {
    await station.getByRole('button', { name: 'Scan with the camera' }).click();
    const video = station.getByRole('region', { name: 'Camera' }).locator('video');
    await video.waitFor();
    for (let i = 0; i < 400; i++) {
      const names = new Set(
        (await seen()).filter((e) => e.title === 'Welcome in').map((e) => e.who),
      );
      if (names.has(paper.name) && names.has(phone.name)) break;
      await app.page.waitForTimeout(50);
    }
    const welcomed = (await seen()).filter((entry) => entry.title === 'Welcome in');
    expect(welcomed.map((entry) => entry.who).sort()).toEqual([phone.name, paper.name].sort());
    await app.screenshot('door-camera');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('shows the whole preview, down to the smallest window', async () => {
    const video = station.getByRole('region', { name: 'Camera' }).locator('video');
    for (const size of [
      { width: 1280, height: 820 },
      { width: 900, height: 600 },
    ]) {
      await app.page.setViewportSize(size);
      await app.page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
      expect([size, await fullyVisible(video)]).toEqual([size, true]);
    }
    await app.screenshot('door-camera-small');
    await station.getByRole('button', { name: 'Turn camera off' }).click();
  });
});
