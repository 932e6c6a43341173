import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { toErrorBody } from '../../../electron/core/router';
import { startTestCore, type TestCore } from '../../support/core';
import { serverUrl } from '../../support/postgres';

// A connection that breaks in the middle of a transaction (a cable pulled, the server restarted):
// the caller hears why the transaction failed, not that the rollback after it could not run.

let test: TestCore;

beforeAll(async () => {
  test = await startTestCore({}, 'db_broken_tx');
});

async function terminate(pid: number) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('a transaction whose connection breaks', () => {
  it('fails with the broken connection, not with the rollback that could not follow', async () => {
    const failure = await test.core.db
      .tx(async (sql) => {
        const { pid } = (await sql.one<{ pid: number }>('select pg_backend_pid() as pid'))!;
        await terminate(pid);
        await sql.run('select 1');
      })
      .then(
        () => null,
        (error: unknown) => error as Error,
      );
    expect(failure).toBeInstanceOf(Error);
    expect(failure!.name).not.toBe('QueryRunnerAlreadyReleasedError');
    expect(failure!.message).not.toMatch(/already released/);
    // Which the router answers as what it is: the database out of reach, not INTERNAL.
    expect(toErrorBody(failure, 'test', silentLogger).code).toBe('UNAVAILABLE');
    // The pool goes on: the next transaction gets a working connection.
    expect(await test.core.db.tx((sql) => sql.one<{ ok: number }>('select 1 as ok'))).toEqual({
      ok: 1,
    });
  });
});
