import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, Topics } from '@shared/contract';
import { exportFormats } from '@shared/contract/exports';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { exportFolder, insertBulk, insertEvent, lastAudit, userIdOf } from './fixtures';

type Progress = Topics['exports.progress'];

let test: TestCore;
let admin: Caller;
let eventId: string;
let folder: Awaited<ReturnType<typeof exportFolder>>;
// Enough rows for dozens of batches, so a cancel lands while rows are still flowing.
const attendees = 60_000;

beforeAll(async () => {
  test = await startTestCore({}, 'exports_cancel');
  admin = await setupAdmin(test);
  eventId = await insertEvent(test.core.db, await userIdOf(admin));
  await insertBulk(test.core.db, eventId, attendees);
  folder = await exportFolder();
});

/** Runs `act` once, on the export's first progress note with rows written. */
function onFirstRows(exportId: string, act: (progress: Progress) => void): () => void {
  let done = false;
  return test.core.subscribe((topic, payload) => {
    const progress = payload as Progress;
    if (topic !== 'exports.progress' || progress.exportId !== exportId) return;
    if (done || progress.rowsDone === 0) return;
    done = true;
    act(progress);
  });
}

const tempFile = (exportId: string) => join(folder.dir, `.usher-export-${exportId}.part`);

describe('cancel', () => {
  for (const format of exportFormats) {
    it(`stops a ${format} export mid-way, keeps the old file and leaves no partial one`, async () => {
      const exportId = randomUUID();
      const path = join(folder.dir, `attendees.${format}`);
      await writeFile(path, 'the previous export');
      const seen: { target: string; temp: boolean }[] = [];
      let cancel: Promise<Envelope<{ cancelled: boolean }>> | undefined;
      const stop = onFirstRows(exportId, () => {
        seen.push({
          target: existsSync(path) ? 'old' : 'none',
          temp: existsSync(tempFile(exportId)),
        });
        cancel = admin.call('exports.cancel', { exportId });
      });
      try {
        const result = await admin.ok('exports.attendees', { exportId, eventId, format, path });
        expect(result).toEqual({ status: 'cancelled', rowsDone: expect.any(Number) });
        expect(result.status === 'cancelled' && result.rowsDone).toBeLessThan(attendees);
      } finally {
        stop();
      }
      // While it ran, rows went to the temporary file only.
      expect(seen).toEqual([{ target: 'old', temp: true }]);
      expect(await cancel).toEqual({ ok: true, value: { cancelled: true } });
      expect(await readFile(path, 'utf8')).toBe('the previous export');
      expect(existsSync(tempFile(exportId))).toBe(false);
      expect((await lastAudit(test.core.db))?.after).toMatchObject({
        exportId,
        outcome: 'cancelled',
      });
    });
  }

  it('reports false for an export that is not running', async () => {
    expect(await admin.ok('exports.cancel', { exportId: randomUUID() })).toEqual({
      cancelled: false,
    });
  });

  it("does not let another organizer stop someone's export", async () => {
    const organizer = await staffCaller(test, admin, 'organizer');
    const exportId = randomUUID();
    let attempt: Promise<Envelope<{ cancelled: boolean }>> | undefined;
    const stop = onFirstRows(exportId, () => {
      attempt = organizer.call('exports.cancel', { exportId });
    });
    const path = join(folder.dir, 'kept.csv');
    try {
      const result = await admin.ok('exports.attendees', {
        exportId,
        eventId,
        format: 'csv',
        path,
      });
      expect(result).toMatchObject({ status: 'done', rows: attendees });
    } finally {
      stop();
    }
    expect(await attempt).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('refuses a second export with an id that is running', async () => {
    const exportId = randomUUID();
    let second: Promise<Envelope<unknown>> | undefined;
    const stop = onFirstRows(exportId, () => {
      second = admin.call('exports.attendees', {
        exportId,
        eventId,
        format: 'csv',
        path: join(folder.dir, 'second.csv'),
      });
    });
    try {
      await admin.ok('exports.attendees', {
        exportId,
        eventId,
        format: 'csv',
        path: join(folder.dir, 'first.csv'),
      });
    } finally {
      stop();
    }
    expect(await second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(existsSync(join(folder.dir, 'second.csv'))).toBe(false);
  });
});

describe('failure and progress', () => {
  it('leaves no file when the database connection dies mid-way, and recovers', async () => {
    const exportId = randomUUID();
    const path = join(folder.dir, 'failed.xlsx');
    let killed: Promise<unknown> | undefined;
    const stop = onFirstRows(exportId, () => {
      killed = test.core.db.one(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where application_name = 'usher export' and datname = current_database()`,
      );
    });
    try {
      const result = await admin.call('exports.attendees', {
        exportId,
        eventId,
        format: 'xlsx',
        path,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    } finally {
      stop();
    }
    await killed;
    expect(existsSync(path)).toBe(false);
    expect(existsSync(tempFile(exportId))).toBe(false);
    expect((await lastAudit(test.core.db))?.after).toMatchObject({ exportId, outcome: 'failed' });

    const again = await admin.ok('exports.attendees', {
      exportId: randomUUID(),
      eventId,
      format: 'csv',
      path: join(folder.dir, 'after-failure.csv'),
      filter: 'checkedIn',
    });
    expect(again.status).toBe('done');
  });

  it('reports progress from zero to the total, a bounded number of times', async () => {
    const exportId = randomUUID();
    const notes: Progress[] = [];
    const stop = test.core.subscribe((topic, payload) => {
      if (topic === 'exports.progress' && (payload as Progress).exportId === exportId) {
        notes.push(payload as Progress);
      }
    });
    try {
      await admin.ok('exports.attendees', {
        exportId,
        eventId,
        format: 'csv',
        path: join(folder.dir, 'progress.csv'),
      });
    } finally {
      stop();
    }
    expect(notes[0]).toEqual({ exportId, rowsDone: 0, totalRows: attendees });
    expect(notes.at(-1)).toEqual({ exportId, rowsDone: attendees, totalRows: attendees });
    expect(notes.length).toBeLessThanOrEqual(102);
    const done = notes.map((n) => n.rowsDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });
});
