// Run by crash.test.ts in a child process that is killed with SIGKILL mid-batch: a core on the
// test's database with its mail worker running, sending one message at a time.
import { createCore } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';

const [databaseUrl] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: worker-child <database url>');

void createCore({ databaseUrl, log: silentLogger, poolSize: 2 }).then((core) => {
  core.startMailWorker({
    password: async () => process.env.USHER_SMTP_PASSWORD ?? null,
    connections: 1,
    batch: 20,
    pollMs: 50,
    // Short, so the test's own worker takes over the killed one's message quickly.
    leaseMs: 500,
  });
});
