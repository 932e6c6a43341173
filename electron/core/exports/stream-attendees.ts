import type { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import type { ExportColumn, ExportFilter, ExportFormat } from '@shared/contract/exports';
import { exportColumnLabels } from '@shared/contract/exports';
import type { Db } from '../db/db';
import { nameActingSession } from '../db/acting-session';
import { AppError } from '../errors';
import { attendeeQuery, icuProbe, type Cell } from './attendee-query';
import { csvSink } from './csv';
import type { ExportLayout, RowSink } from './sink';
import type { AnswerColumn } from '../questions/answer-columns';

// Rows per round trip: large enough that the network is not the limit, small enough that a
// batch (and a cancel's delay) stays tiny.
const batchSize = 2000;

export interface StreamJob {
  eventId: string;
  format: ExportFormat;
  columns: readonly ExportColumn[];
  /** After `columns`: one per question, headed by its label. */
  answers?: readonly AnswerColumn[];
  filter: ExportFilter;
  bom: boolean;
  /** The event's IANA zone: times are written as its wall-clock time and the header says so. */
  timeZone: string;
  signal: AbortSignal;
  onProgress(rowsDone: number, totalRows: number): void;
}

/**
 * Streams an event's attendees from a server-side cursor into `out` as CSV or XLSX. Memory holds
 * one batch at a time whatever the size of the event. Stops between batches once `signal` aborts.
 */
export async function streamAttendees(
  db: Db,
  job: StreamJob,
  out: Writable,
): Promise<{ rows: number; cancelled: boolean }> {
  const runner = db.dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  let inTransaction = false;
  try {
    // This connection is taken past the Db, so it names the caller's session itself: an
    // organizer desktop's row-level security shows only the acting staff's events.
    await nameActingSession(client, (sql, params) => client.query(sql, params));
    // One snapshot for the count and the rows, so progress ends at exactly 100%.
    await client.query('begin isolation level repeatable read read only');
    inTransaction = true;
    await client.query("set local application_name = 'usher export'");
    // The server counts a cursor's whole life as one statement, so the pool's limit would kill a
    // healthy export of a million rows; each fetch is held to that limit instead (readWithin).
    await client.query('set local statement_timeout = 0');
    // Hash joins read the event's check-ins once, whatever the statistics say; a nested loop
    // chosen on stale statistics (say, just after a bulk import) rescans them per attendee.
    // JIT would spend longer compiling than this plain scan-and-sort takes to run.
    await client.query('set local enable_nestloop = off');
    await client.query('set local jit = off');
    const icu = (await client.query<{ icu: boolean }>(icuProbe)).rows[0]?.icu ?? false;
    const answers = job.answers ?? [];
    const query = attendeeQuery(job.columns, job.filter, icu, answers.length);
    const counted = await client.query<{ n: number }>(query.count, [job.eventId]);
    const totalRows = counted.rows[0]?.n ?? 0;
    job.onProgress(0, totalRows);

    const layout: ExportLayout = {
      columns: [...job.columns, ...answers.map(() => 'answer' as const)],
      kinds: query.kinds,
      headers: [
        ...job.columns.map((column, i) =>
          query.kinds[i] === 'localTime'
            ? `${exportColumnLabels[column]} (${job.timeZone})`
            : exportColumnLabels[column],
        ),
        ...answers.map((answer) => answer.header),
      ],
    };
    // pg-cursor loads only for an export, exceljs only for an XLSX one (the CLI starts fast).
    const { default: Cursor } = await import('pg-cursor');
    const cursor = client.query(
      new Cursor<Cell[]>(
        query.select,
        answers.length ? [job.eventId, answers.map((a) => a.questionId)] : [job.eventId],
        { rowMode: 'array' },
      ),
    );
    let rows = 0;
    const read = () => readWithin(db, client, () => cursor.read(batchSize));
    // The next batch is fetched while this one is written, so the server and the writer overlap.
    // The first is asked for before the writer is made: the server sorts every row before it
    // sends one, and exceljs takes most of a second to load, so the two happen together.
    let next = read();
    let sink: RowSink;
    try {
      sink =
        job.format === 'csv'
          ? csvSink(out, layout, job.bom)
          : (await import('./xlsx')).xlsxSink(out, layout);
      for (;;) {
        const batch = await next;
        if (batch.length === 0) break;
        if (job.signal.aborted) return { rows, cancelled: true };
        next = read();
        await sink.write(batch);
        rows += batch.length;
        job.onProgress(rows, totalRows);
      }
    } finally {
      // Until closed, a cursor holds the connection and any later query (even the rollback)
      // waits behind it. One whose fetch failed has already given the connection back.
      if (await succeeded(next)) await cursor.close();
    }
    await client.query('commit');
    inTransaction = false;
    await sink.end();
    return { rows, cancelled: false };
  } finally {
    // Read-only: rolling back loses nothing. A dead connection fails here and is not reused.
    if (inTransaction) await client.query('rollback').catch(() => {});
    await runner.release();
  }
}

/**
 * One fetch, held to the pool's statement limit: past it the server is asked to cancel the fetch,
 * which then fails like any other. The promise is marked handled at once, because it may fail
 * while the previous batch is still being written, before anyone awaits it; unmarked, that
 * failure would take the whole process down as an unhandled rejection.
 */
export function readWithin<T>(db: Db, client: PoolClient, fetch: () => Promise<T>): Promise<T> {
  const pid = (client as PoolClient & { processID?: number }).processID;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void db.run('select pg_cancel_backend($1)', [pid]).catch(() => {});
  }, db.statementTimeoutMs);
  const fetched = fetch().then(
    (rows) => {
      clearTimeout(timer);
      return rows;
    },
    (error: unknown) => {
      clearTimeout(timer);
      throw timedOut
        ? new AppError(
            'UNAVAILABLE',
            'The database stopped sending attendees; the export was stopped and nothing was saved',
          )
        : error;
    },
  );
  fetched.catch(() => {});
  return fetched;
}

const succeeded = (promise: Promise<unknown>) =>
  promise.then(
    () => true,
    () => false,
  );
