import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { createMemorySecretStore } from '../../electron/core/secrets';
import { makeCaller, type Caller } from '../support/callers';
import type { Direction } from '@shared/contract/points';

// One door station of the door-day benchmark, in a process of its own: a core with its own door
// file, reaching PostgreSQL through the relay the benchmark unplugs at random. It is driven by
// messages from door-day.bench.ts and answers each with a report.

export interface StationScan {
  code: string;
  /** Which way through the station's point; it flips its switch when this changes. */
  direction: Direction;
}

/** Where a station's core finds the team's services. */
export interface StationServer {
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
}

export type ToStation =
  | (StationServer & {
      kind: 'start';
      dir: string;
      email: string;
      password: string;
      eventId: string;
      pointId: string;
    })
  | { kind: 'scan'; scans: StationScan[]; rate: number }
  | { kind: 'status' }
  | { kind: 'close' };

export interface StationTally {
  /** Milliseconds from asking to the verdict, per scan, in order. */
  latencies: number[];
  verdicts: Record<string, number>;
  /** Every entry and exit this station recorded (green on its screen): the server must hold each. */
  recorded: string[];
  seconds: number;
}

export interface StationState {
  pending: number;
  /** People inside per point, as this station counts them. */
  inside: Record<string, number>;
  online: boolean | null;
}

export type FromStation =
  | { kind: 'ready'; prepareSeconds: number }
  | { kind: 'scanned'; tally: StationTally }
  | { kind: 'status'; state: StationState }
  | { kind: 'failed'; message: string };

let core: Core | null = null;
let door: Caller | null = null;
let point = { pointId: '', direction: 'in' as Direction };

const send = (message: FromStation) => process.send!(message);

async function start(message: Extract<ToStation, { kind: 'start' }>) {
  core = await createCore({
    databaseUrl: message.databaseUrl,
    redisUrl: message.redisUrl,
    redisKeyPrefix: message.redisKeyPrefix,
    log: silentLogger,
    device: {
      settingsFile: join(message.dir, 'settings.json'),
      secrets: createMemorySecretStore(),
      doorFile: join(message.dir, 'door.sqlite'),
    },
  });
  door = makeCaller(core);
  await door.ok('auth.login', { email: message.email, password: message.password });
  const started = performance.now();
  await door.ok('scanner.prepare', { eventId: message.eventId });
  point = { pointId: message.pointId, direction: 'in' };
  await door.ok('scanner.setPoint', point);
  send({ kind: 'ready', prepareSeconds: (performance.now() - started) / 1000 });
}

async function scan(scans: StationScan[], rate: number) {
  const tally: StationTally = { latencies: [], verdicts: {}, recorded: [], seconds: 0 };
  const started = performance.now();
  for (const [i, { code, direction }] of scans.entries()) {
    // Paced from the start: a slow answer is caught up, not added to every later scan.
    const due = started + (rate > 0 ? (i * 1000) / rate : 0);
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (direction !== point.direction) {
      point = { ...point, direction };
      await door!.ok('scanner.setPoint', point);
    }
    const t0 = performance.now();
    const outcome = await door!.ok('scanner.scan', { code });
    tally.latencies.push(performance.now() - t0);
    tally.verdicts[outcome.verdict] = (tally.verdicts[outcome.verdict] ?? 0) + 1;
    if (outcome.verdict === 'valid' || outcome.verdict === 'exited') {
      tally.recorded.push(outcome.checkInId);
    }
  }
  tally.seconds = (performance.now() - started) / 1000;
  send({ kind: 'scanned', tally });
}

async function status() {
  const status = await door!.ok('scanner.status', {});
  send({
    kind: 'status',
    state: {
      pending: status.pending,
      inside: Object.fromEntries(
        (status.event?.occupancy.points ?? []).map((at) => [at.pointId, at.inside]),
      ),
      online: status.online,
    },
  });
}

process.on('message', (message: ToStation) => {
  const handle = async () => {
    if (message.kind === 'start') return start(message);
    if (message.kind === 'scan') return scan(message.scans, message.rate);
    if (message.kind === 'status') return status();
    await core?.close();
    process.exit(0);
  };
  handle().catch((error: unknown) => {
    send({
      kind: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  });
});
