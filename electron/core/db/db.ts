import { DataSource, type QueryRunner } from 'typeorm';
import { allMigrations } from '../../../migrations';

/** The parameterised-SQL surface every service uses; `$1..$n` placeholders only. */
export interface Sql {
  many<T>(sql: string, params?: unknown[]): Promise<T[]>;
  one<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs a statement and returns the number of rows it affected. */
  run(sql: string, params?: unknown[]): Promise<number>;
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
  close(): Promise<void>;
}

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
    },
  });
  await dataSource.initialize();

  const withRunner = async <T>(fn: (runner: QueryRunner) => Promise<T>): Promise<T> => {
    const runner = dataSource.createQueryRunner();
    try {
      return await fn(runner);
    } finally {
      await runner.release();
    }
  };

  return {
    dataSource,
    statementTimeoutMs,
    ...sqlOver(withRunner),
    tx: (fn) =>
      withRunner(async (runner) => {
        await runner.startTransaction();
        try {
          const result = await fn(sqlOver((use) => use(runner)));
          await runner.commitTransaction();
          return result;
        } catch (error) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          throw error;
        }
      }),
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
  };
}
