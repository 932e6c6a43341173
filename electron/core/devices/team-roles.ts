import type { DeviceKind } from '@shared/contract/devices';
import type { Sql } from '../db/db';

/**
 * The group role each kind of desktop belongs to. Roles are cluster-wide in PostgreSQL, so they
 * carry the database's name: two Usher databases on one server never share a role. The names
 * are also derived, the same way, inside the SQL functions of migration 1764200000000.
 */
export const groupRole = (database: string, kind: DeviceKind) => `${database}_${kind}`;

// Leaves room for "_organizer" and "_dev_" + 10 characters within PostgreSQL's 63.
const databaseName = /^[a-z_][a-z0-9_]{0,47}$/;

export async function currentDatabase(sql: Sql): Promise<string> {
  const row = await sql.one<{ name: string }>('select current_database() as name');
  const name = row!.name;
  if (!databaseName.test(name)) {
    throw new Error(
      `Team mode needs a database name of lowercase letters, digits and _ (at most 48); "${name}" is not one.`,
    );
  }
  return name;
}

/** Whether `usher team init` has been run on this database. */
export async function teamInitialized(sql: Sql): Promise<boolean> {
  const row = await sql.one<{ found: boolean }>(
    `select exists (select 1 from pg_roles where rolname = current_database() || '_door') as found`,
  );
  return row!.found;
}
