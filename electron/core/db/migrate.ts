import type { Db } from './db';
import { knownMigrationNames } from '../../../migrations';

export class UnknownMigrationsError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `This database was upgraded by a newer version of Usher (unknown migrations: ${unknown.join(', ')}). ` +
        'Update Usher on this desktop before connecting to it.',
    );
    this.name = 'UnknownMigrationsError';
  }
}

// Any fixed number works: it only has to be the same in every Usher that shares a database.
const MIGRATION_LOCK_KEY = 7_366_846_110;

/**
 * Brings the schema to this build's latest, or refuses a database that a newer build has
 * migrated (its schema may not be what this code expects). Several desktops starting at once
 * serialise on an advisory lock, so each migration runs exactly once.
 */
export async function migrate(db: Db): Promise<string[]> {
  if (!(await ownsSchema(db))) {
    await refuseOutdatedSchema(db);
    return [];
  }
  const runner = db.dataSource.createQueryRunner();
  try {
    // Another desktop's migrations may take longer than the everyday lock_timeout: wait them out.
    await runner.query('set lock_timeout = 0');
    await runner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await refuseUnknownMigrations(db);
      const applied = await db.dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await runner.query('reset lock_timeout');
    }
  } finally {
    await runner.release();
  }
}

async function refuseUnknownMigrations(db: Db): Promise<void> {
  const table = await db.one<{ exists: boolean }>(
    "select to_regclass('public.migrations') is not null as exists",
  );
  if (!table?.exists) return;
  const known = new Set(knownMigrationNames);
  const applied = await db.many<{ name: string }>('select name from migrations order by id');
  const unknown = applied.map((row) => row.name).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new UnknownMigrationsError(unknown);
}

export class SchemaOutdatedError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `This team's database needs an upgrade this desktop may not run (pending migrations: ${pending.join(', ')}). ` +
        'Ask an admin to run "usher migrate" with the owner\'s connection.',
    );
    this.name = 'SchemaOutdatedError';
  }
}

/** Team desktops log in as enrolled devices that own nothing: only the owner migrates. */
async function ownsSchema(db: Db): Promise<boolean> {
  const row = await db.one<{ owns: boolean }>(
    `select coalesce((select pg_has_role(current_user, tableowner, 'member') from pg_tables
                       where schemaname = 'public' and tablename = 'migrations'), true) as owns`,
  );
  return row!.owns;
}

async function refuseOutdatedSchema(db: Db): Promise<void> {
  await refuseUnknownMigrations(db);
  const applied = new Set(
    (await db.many<{ name: string }>('select name from migrations')).map((row) => row.name),
  );
  const pending = knownMigrationNames.filter((name) => !applied.has(name));
  if (pending.length > 0) throw new SchemaOutdatedError(pending);
}
