import { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportColumns } from '@shared/contract/exports';
import { openDb, type Db } from '../../../electron/core/db/db';
import { readWithin, streamAttendees } from '../../../electron/core/exports/stream-attendees';
import { onCleanup } from '../../support/cleanup';
import { setupAdmin, startTestCore, type TestCore } from '../../support/core';
import { insertBulk, insertEvent, userIdOf } from './fixtures';

// A pool whose statements may run 300 ms: an export that takes longer overall, while each of its
// fetches is quick, must still finish.
const statementTimeoutMs = 300;
const attendees = 12_000; // six batches

let test: TestCore;
let db: Db;
let eventId: string;

beforeAll(async () => {
  test = await startTestCore({}, 'exports_timeouts');
  eventId = await insertEvent(test.core.db, await userIdOf(await setupAdmin(test)));
  await insertBulk(test.core.db, eventId, attendees);
  db = await openDb({ url: test.database.url, statementTimeoutMs, poolSize: 3 });
  onCleanup(() => db.close());
});

/**
 * A disk that takes `delayMs` per write, and runs `onRows` before finishing the first write of
 * rows (the one after the header).
 */
function slowDisk(delayMs: number, onRows: () => Promise<void> = async () => {}) {
  let writes = 0;
  return new Writable({
    highWaterMark: 1, // every write waits for the previous one: the cursor is read meanwhile
    write(_chunk, _encoding, done) {
      const wait = ++writes === 2 ? onRows() : Promise.resolve();
      void wait.then(() => setTimeout(done, delayMs));
    },
  });
}

const job = (signal = new AbortController().signal) => ({
  eventId,
  format: 'csv' as const,
  columns: exportColumns,
  filter: 'all' as const,
  bom: false,
  timeZone: 'UTC',
  signal,
  onProgress: () => {},
});

describe('export timeouts', () => {
  it('finishes an export that outlasts the statement timeout while every fetch is quick', async () => {
    const started = Date.now();
    const outcome = await streamAttendees(db, job(), slowDisk(100));
    expect(outcome).toEqual({ rows: attendees, cancelled: false });
    expect(Date.now() - started).toBeGreaterThan(statementTimeoutMs * 2);
  });

  it('reports a connection lost mid-export as a failure, never an unhandled rejection', async () => {
    // The connection dies while a batch is being written and the next fetch is in flight.
    // Through the owner's pool: under USHER_TEST_DESKTOPS the core's own login may not end it.
    const killExport = async () => {
      await db.run(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = 'usher export' and datname = current_database()`,
      );
    };
    await expect(streamAttendees(db, job(), slowDisk(150, killExport))).rejects.toThrow();
    // The pool still serves: the dead connection was not handed back for reuse.
    expect(await db.one<{ ok: number }>('select 1 as ok')).toEqual({ ok: 1 });
  });

  it('cancels a fetch that stalls past the statement limit and says so plainly', async () => {
    const runner = db.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    onCleanup(() => runner.release());
    await client.query('set statement_timeout = 0');
    const stalled = readWithin(db, client, () => client.query('select pg_sleep(30)'));
    await expect(stalled).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await client.query('reset statement_timeout');
  });
});
