import type { HeapProfiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UserDto } from '@shared/domain';
import { readCsv } from '../../../electron/core/registrations/csv';
import { importBatchRows, importCsv } from '../../../electron/core/registrations/import';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';
import { questionInput } from '../questions/fixtures';

let test: TestCore;
let admin: Caller;
let adminUser: UserDto;

beforeAll(async () => {
  test = await startTestCore({}, 'registrations_import_memory');
  admin = await setupAdmin(test);
  adminUser = (await admin.ok('auth.session', {})).user!;
});

const total = (node: HeapProfiler.SamplingHeapProfileNode): number =>
  node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

/**
 * Bytes allocated by `task` that outlived the young generation (sampled by V8's heap profiler):
 * garbage that stays in the heap until a full collection, where young garbage is gone at the
 * next scavenge. Peak memory follows this figure; a path whose rows all survive the young
 * generation grows the heap with the file.
 */
async function promotedBytes(task: () => Promise<void>): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    gc();
    // Samples of objects a full collection freed are kept, those a scavenge freed dropped (flags
    // newer than @types/node's protocol types, so passed as a variable).
    const sampling = {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: false,
    };
    await session.post('HeapProfiler.startSampling', sampling);
    await task();
    // What is still young when the task ends is not what this measures: two scavenges free it.
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    const { profile } = await session.post('HeapProfiler.stopSampling');
    return total(profile.head);
  } finally {
    session.disconnect();
  }
}

/** Mapped lines: name, email, ticket type (blank: the first) and a yes/no answer. */
const lines = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `Guest ${i},guest${i}@example.org,${i % 2 ? 'vip' : ''},${i % 2 ? 'yes' : 'no'}`,
  );

// Measured on this machine (V8 of Node 20): reading ~5 B a record and importing ~230 B a mapped
// row outlive the young generation (most of the latter the parser's copy of each 64 KB slice);
// with csv-parse's per-record `info` and 1 MB slices it was ~900 B a record, and with rows held
// 5,000 at a time ~1,300 B a row, which the heap carried until a full collection.
describe('import memory', () => {
  it('reads records that die young', async () => {
    const records = 100_000;
    const csv = lines(records).join('\n');
    let read = 0;
    const promoted = await promotedBytes(async () => {
      for await (const record of readCsv(csv)) read += record.fields.length === 4 ? 1 : 0;
    });
    expect(read).toBe(records);
    expect(promoted / records).toBeLessThan(64);
  });

  it('imports mapped rows whose garbage dies young, staged a batch at a time', async () => {
    const event = await createEvent(admin, { maxAttendees: null });
    await admin.ok('ticketTypes.create', { eventId: event.id, name: 'VIP', capacity: null });
    const vegan = questionInput(event.id, { key: 'vegan', label: 'Vegan', kind: 'yesNo' });
    await admin.ok('questions.create', vegan);
    const rows = 30_000;
    const csv = ['Name,Email,Ticket,Vegan', ...lines(rows)].join('\n');
    const staged: number[] = [];
    const promoted = await promotedBytes(async () => {
      const result = await importCsv(test.core.db, event.id, csv, adminUser, {
        map: { Name: 'name', Email: 'email', Ticket: 'ticketType', Vegan: 'question:vegan' },
        onProgress: (note) => note.phase === 'reading' && staged.push(note.lines),
      });
      expect(result).toEqual({ registered: rows, waitlisted: 0, rejected: [] });
    });
    expect(promoted / rows).toBeLessThan(400);
    // A note after each COPY: the file is read and staged importBatchRows lines at a time.
    const steps = staged.map((lines, i) => lines - (staged[i - 1] ?? 1));
    expect(Math.max(...steps)).toBe(importBatchRows);
    expect(staged.at(-1)).toBe(rows + 1);
  }, 120_000);
});
