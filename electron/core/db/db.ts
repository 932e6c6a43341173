import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { QueryRunner } from 'typeorm';
// The DataSource alone: the package's index loads every driver, decorator and query builder,
// a third of a `usher` call's start-up.
import { DataSource } from 'typeorm/data-source/DataSource.js';
import type { PoolClient } from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { allMigrations } from '../../../migrations';
import { AppError } from '../errors';
import { nameActingSession } from './acting-session';

/** The parameterised-SQL surface every service uses; `$1..$n` placeholders only. */
export interface Sql {
  many<T>(sql: string, params?: unknown[]): Promise<T[]>;
  one<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs a statement and returns the number of rows it affected. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /**
   * Streams `rows` (COPY text format, one line each) into `COPY ... FROM STDIN`: the bulk path,
   * many times faster than INSERT for tens of thousands of rows. Returns the rows copied.
   */
  copyFrom(statement: string, rows: Iterable<string>): Promise<number>;
}

export interface Db extends Sql {
  readonly dataSource: DataSource;
  /**
   * How long one statement may run before the server cancels it. Streams that stay inside one
   * statement for minutes (a cursor read batch by batch) turn it off for their own transaction
   * and hold each step to this limit instead.
   */
  readonly statementTimeoutMs: number;
  /** Runs `fn` in one transaction on one connection: all or nothing. */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * A transaction that locks these events' rows. This process's writers of one event take
   * turns before they take a connection, so a lock held elsewhere (another desktop, a stuck
   * session) ties up at most one connection per event here; the rest of the pool goes on
   * serving other events and every read. A turn not reached within LOCK_WAIT_MS is UNAVAILABLE.
   */
  eventTx<T>(eventIds: string[], fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * How long a writer waits for an event: for its turn in this process, then again for the row
 * lock in PostgreSQL (lock_timeout, as pretix uses). Then the caller hears "busy, try again".
 */
export const LOCK_WAIT_MS = 3_000;

export const eventBusy = () =>
  new AppError(
    'UNAVAILABLE',
    'This event is being changed elsewhere right now. Please try again in a moment.',
  );

export interface DbOptions {
  url: string;
  poolSize?: number;
  /** Logged as application_name in pg_stat_activity, to tell desktops apart. */
  applicationName?: string;
  /** Default 30 s; tests lower it to show long operations outlive it. */
  statementTimeoutMs?: number;
}

// TypeORM owns the pool, transactions and migrations; services speak SQL through it because the
// hot paths (capacity locks, listings with counters) need statements we can reason about.
export async function openDb(options: DbOptions): Promise<Db> {
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    synchronize: false,
    migrationsRun: false,
    migrations: allMigrations,
    migrationsTableName: 'migrations',
    logging: false,
    applicationName: options.applicationName ?? 'usher',
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      // A statement that runs this long is a bug or a dead server; never hang a screen on it.
      statement_timeout: statementTimeoutMs,
      // A lock held elsewhere (an event row, a registration) is waited for this long, not until
      // the statement timeout: the caller hears UNAVAILABLE and its connection is free again.
      lock_timeout: LOCK_WAIT_MS,
      // PostgreSQL compiles a query to machine code once its estimated cost is high, which a
      // door page's per-row subqueries over a large event reach: 30-70 ms of compiling for a page
      // that runs in tens of ms (twice its time at a million attendees). Short, indexed
      // statements gain nothing from it.
      options: '-c jit=off',
    },
  });
  await dataSource.initialize();

  const withRunner = async <T>(fn: (runner: QueryRunner) => Promise<T>): Promise<T> => {
    const runner = dataSource.createQueryRunner();
    // TypeORM lets a runner go as soon as its connection reports an error, and every later call
    // on it fails with "already released". The caller must hear the connection's own error (a
    // lost server is UNAVAILABLE), so it is kept here.
    let lost: unknown = null;
    const noteLoss = (error: unknown) => (lost = error);
    let client: PoolClient | null = null;
    try {
      client = (await runner.connect()) as PoolClient;
      client.on('error', noteLoss);
      // Before any transaction begins, so the name outlives it (acting-session.ts).
      await nameActingSession(client, (sql, params) => runner.query(sql, params));
      return await fn(runner);
    } catch (error) {
      throw lost !== null && (error as Error | null)?.name === 'QueryRunnerAlreadyReleasedError'
        ? lost
        : error;
    } finally {
      client?.removeListener('error', noteLoss);
      await runner.release();
    }
  };

  const tx = <T>(fn: (sql: Sql) => Promise<T>) =>
    withRunner(async (runner) => {
      await runner.startTransaction();
      try {
        const result = await fn(sqlOver((use) => use(runner)));
        await runner.commitTransaction();
        return result;
      } catch (error) {
        // On a connection that broke mid-transaction TypeORM has already let the runner go, and
        // the rollback fails too: the caller must hear why the transaction failed (UNAVAILABLE
        // for a lost server), not that. The server rolls back a transaction whose session ended.
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    });
  const turns = createTurns();

  return {
    dataSource,
    statementTimeoutMs,
    ...sqlOver(withRunner),
    tx,
    eventTx: (eventIds, fn) => turns.run(eventIds, () => tx(fn)),
    close: () => dataSource.destroy(),
  };
}

type RunnerUse = <T>(fn: (runner: QueryRunner) => Promise<T>) => Promise<T>;

function sqlOver(use: RunnerUse): Sql {
  // Structured results: TypeORM otherwise returns [rows, count] for UPDATE/DELETE only.
  const exec = (sql: string, params: unknown[] = []) =>
    use((runner) => runner.query(sql, params, true));
  return {
    many: async <T>(sql: string, params?: unknown[]) => (await exec(sql, params)).records as T[],
    one: async <T>(sql: string, params?: unknown[]) =>
      ((await exec(sql, params)).records as T[])[0],
    run: async (sql, params) => (await exec(sql, params)).affected ?? 0,
    copyFrom: (statement, rows) =>
      use(async (runner) => {
        // TypeORM has no COPY: the statement goes to the runner's own pg connection, so inside a
        // transaction it is part of it.
        const client = (await runner.connect()) as PoolClient;
        const copy = client.query(copyFromStdin(statement));
        await pipeline(Readable.from(rows), copy);
        return copy.rowCount ?? 0;
      }),
  };
}

/** Per-key turns in this process, in arrival order, each waited for at most LOCK_WAIT_MS. */
function createTurns() {
  const tails = new Map<string, Promise<void>>();

  async function take(key: string, deadline: number): Promise<() => void> {
    const before = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      before.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), Math.max(0, deadline - Date.now()));
      }),
    ]);
    clearTimeout(timer);
    if (gaveUp) {
      // Those behind still wait for those ahead: hand the turn on when it would have come.
      void before.then(release);
      throw eventBusy();
    }
    return release;
  }

  return {
    async run<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
      const deadline = Date.now() + LOCK_WAIT_MS;
      const releases: (() => void)[] = [];
      try {
        // Sorted, like the row locks themselves, so two multi-event writers cannot deadlock.
        for (const key of [...new Set(keys)].sort()) releases.push(await take(key, deadline));
        return await fn();
      } finally {
        for (const release of releases) release();
      }
    },
  };
}
