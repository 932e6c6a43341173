import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core';
import { UnknownMigrationsError } from '../../electron/core/db/migrate';
import { silentLogger } from '../../electron/core/log';
import { knownMigrationNames } from '../../migrations';
import { createTestDatabase } from '../support/postgres';

const database = await createTestDatabase('migrations');
afterAll(() => database.drop());

const open = () => createCore({ databaseUrl: database.url, log: silentLogger });

describe('migrations', () => {
  it('bring an empty database to the latest schema, and run each once', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    try {
      const applied = await first.db.many<{ name: string }>(
        'select name from migrations order by id',
      );
      expect(applied.map((row) => row.name)).toEqual(knownMigrationNames);
      const tables = await first.db.many<{ name: string }>(
        "select tablename as name from pg_tables where schemaname = 'public'",
      );
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          'users',
          'events',
          'event_registrations',
          'check_ins',
          'audit_log',
        ]),
      );
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('refuse a database migrated by a newer Usher', async () => {
    const core = await open();
    await core.db.run(
      "insert into migrations (timestamp, name) values (9999999999999, 'FromTheFuture9999999999999')",
    );
    await core.close();
    await expect(open()).rejects.toBeInstanceOf(UnknownMigrationsError);
    await expect(open()).rejects.toThrow(/FromTheFuture9999999999999/);
  });
});
