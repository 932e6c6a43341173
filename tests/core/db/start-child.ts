// Starts local mode's PostgreSQL in a process of its own, so a test can kill it mid-start.
import { startLocalPostgres } from '../../../electron/core/db/local-postgres';

const [dataDir, password] = process.argv.slice(2);
void startLocalPostgres({ dataDir: dataDir!, password: password! }).then(() =>
  process.stdout.write('STARTED\n'),
);
