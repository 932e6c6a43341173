import { beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core';

// What every connection of the core's pool is set up with, whatever the server's defaults.

let test: TestCore;

beforeAll(async () => {
  test = await startTestCore({}, 'db_session');
});

describe("the core's database sessions", () => {
  it('never compile queries to machine code (JIT): short statements only lose by it', async () => {
    const rows = await test.core.db.many<{ jit: string }>('show jit');
    expect(rows).toEqual([{ jit: 'off' }]);
    // In a transaction too (the same pool, another code path).
    const inTx = await test.core.db.tx((sql) => sql.one<{ jit: string }>('show jit'));
    expect(inTx).toEqual({ jit: 'off' });
  });
});
