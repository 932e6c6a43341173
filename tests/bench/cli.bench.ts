import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller } from '../support/callers';
import { createTestDatabase } from '../support/postgres';
import { percentiles, report } from './stats';

const ROUNDS = 15;
const root = join(__dirname, '..', '..');
const bin = join(root, 'electron', 'cli', 'usher.cjs');

/**
 * `usher call` against a team server, wall time of the whole process from spawn to exit, next to
 * the floor of any such command: Node starting, loading `pg`, connecting and running one query.
 * Needs the built CLI (npm run build).
 */
export async function run(): Promise<void> {
  const database = await createTestDatabase('bench_cli');
  const core = await createCore({ databaseUrl: database.url, log: silentLogger });
  try {
    await makeCaller(core).ok('auth.setup', adminInput);
  } finally {
    await core.close();
  }
  try {
    const env = { ...process.env, DATABASE_URL: database.url, REDIS_URL: '' };
    const signedIn = { ...env, USHER_EMAIL: adminInput.email, USHER_PASSWORD: adminInput.password };
    const floorScript = `const c = new (require('pg').Client)(process.env.DATABASE_URL);
      c.connect().then(() => c.query('select 1')).then(() => c.end());`;
    const floor: number[] = [];
    const session: number[] = [];
    const listed: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      floor.push(await timed([process.execPath, '-e', floorScript], env));
      session.push(await timed([process.execPath, bin, 'call', 'auth.session'], env));
      listed.push(await timed([process.execPath, bin, 'call', 'events.list', '{}'], signedIn));
    }
    const p50 = (samples: number[]) => percentiles(samples).p50;
    const s = (n: number) => `${(n / 1000).toFixed(3)} s`;
    report(`usher CLI start-up, one call against a team server (median of ${ROUNDS})`, {
      'floor: node + pg, connect, select 1': s(p50(floor)),
      'usher call auth.session': `${s(p50(session))} (${(p50(session) / p50(floor)).toFixed(1)}x floor, target < 0.5 s)`,
      'usher call events.list, signed in': `${s(p50(listed))} (${(p50(listed) / p50(floor)).toFixed(1)}x floor)`,
    });
  } finally {
    await database.drop();
  }
}

function timed([command, ...args]: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command!, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${args.join(' ')} failed (${code}): ${stderr}`));
      else resolve(performance.now() - started);
    });
  });
}
