import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { createTestDatabase, deleteRedisKeys, redisUrl } from '../support/postgres';
import { unpluggable, type Unpluggable } from '../support/unpluggable';
import { addAttendees, createEvent } from '../core/door/seed';
import { ms, percentiles, report } from './stats';
import type {
  FromStation,
  StationServer,
  StationScan,
  StationState,
  StationTally,
  ToStation,
} from './door-day-station';

/**
 * A door day, simulated (issue 16): STATIONS door stations, each a process with its own core and
 * door file, scan an event's attendees while the benchmark cuts and restores each station's
 * connection to PostgreSQL at random (a TCP relay per station). Some attendees are scanned at two
 * stations, as when a ticket is shown twice. Reports each station's verdict times, scans per
 * second in all, how long after the last reconnection every station and the server agree, the
 * forced and duplicate check-ins, and any check-in a station turned green that the server lacks.
 * The floor: the same station's verdict times with the others idle and its cable in.
 * `DOOR_DAY_ATTENDEES` and `DOOR_DAY_STATIONS` make it smaller.
 */
const ATTENDEES = Number(process.env.DOOR_DAY_ATTENDEES ?? 50_000);
const STATIONS = Number(process.env.DOOR_DAY_STATIONS ?? 10);
// Of the attendees, the share whose ticket is shown again at another station.
const SHOWN_TWICE = 0.02;
const FLOOR_SCANS = 500;
// How long agreement may take before the benchmark gives up and says so.
const AGREEMENT_LIMIT_MS = 120_000;

export async function run(): Promise<void> {
  const database = await createTestDatabase('bench_door_day');
  // A team's Redis: each station hears the others' check-ins as they arrive, as in the app.
  const live = { redisUrl, redisKeyPrefix: `usher-bench-door-day-${Date.now()}:` };
  const core = await createCore({ databaseUrl: database.url, log: silentLogger, ...live });
  const dir = await mkdtemp(join(tmpdir(), 'usher-door-day-'));
  const stations: Station[] = [];
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    const eventId = await createEvent(core.db, 'Festival, day 1');
    const guests = await addAttendees(core.db, eventId, ATTENDEES);
    for (let i = 0; i < STATIONS; i++) {
      stations.push(
        await startStation(admin, { ...live, databaseUrl: database.url }, dir, eventId, i),
      );
    }
    const prepared = await Promise.all(stations.map((station) => station.ready));
    const floor = await floorOf(stations[0]!, guests.slice(0, FLOOR_SCANS));

    const work = plan(guests.slice(FLOOR_SCANS).map((guest) => guest.ticketCode));
    const storm = cutAtRandom(stations);
    const started = performance.now();
    const tallies = await Promise.all(stations.map((station, i) => station.scan(work[i]!)));
    const scanSeconds = (performance.now() - started) / 1000;
    const lastReconnection = await storm.stop();
    const agreement = await agreeAfter(core, stations, eventId, lastReconnection);

    const admitted = [...floor.admitted, ...tallies.flatMap((tally) => tally.admitted)];
    const held = await core.db.one<{ found: number; forced: number; twice: number }>(
      `select count(*) filter (where nonce = any($2::uuid[]))::int as found,
              count(*) filter (where forced)::int as forced,
              (select count(*)::int from (
                 select 1 from check_ins where event_id = $1 and reverted_at is null
                  group by registration_id having count(*) > 1) t) as twice
         from check_ins where event_id = $1`,
      [eventId, admitted],
    );
    const scans = tallies.reduce((sum, tally) => sum + tally.latencies.length, 0);
    const rows: Record<string, string | number> = {
      stations: STATIONS,
      attendees: ATTENDEES.toLocaleString('en'),
      'prepare, all at once': `slowest ${Math.max(...prepared).toFixed(1)} s`,
      'floor: verdict alone, cable in': `p50 ${ms(floor.p.p50)}, p99 ${ms(floor.p.p99)}`,
      scans: scans.toLocaleString('en'),
      'scans per second, all stations': Math.round(scans / scanSeconds).toLocaleString('en'),
      'cable cuts': storm.cuts,
    };
    for (const [i, tally] of tallies.entries()) {
      const p = percentiles(tally.latencies);
      rows[`station ${i + 1} verdict`] =
        `p50 ${ms(p.p50)}, p99 ${ms(p.p99)} (${(p.p99 / floor.p.p99).toFixed(1)}x floor)`;
    }
    const verdicts = sumVerdicts(tallies);
    rows['verdicts'] = Object.entries(verdicts)
      .map(([verdict, n]) => `${verdict} ${n}`)
      .join(', ');
    rows['agreement after last reconnection'] =
      agreement === null
        ? `not within ${AGREEMENT_LIMIT_MS / 1000} s`
        : `${(agreement / 1000).toFixed(2)} s`;
    rows['forced check-ins (server)'] = held!.forced;
    rows['tickets checked in twice (server)'] = held!.twice;
    rows['lost: green on a station, not on the server'] = admitted.length - held!.found;
    report(`door day: ${STATIONS} stations, ${ATTENDEES.toLocaleString('en')} attendees`, rows);
    if (admitted.length !== held!.found)
      throw new Error('A check-in that turned a screen green was lost');
  } finally {
    await Promise.all(stations.map((station) => station.close()));
    await core.close();
    await database.drop();
    await deleteRedisKeys(live.redisKeyPrefix);
    await rm(dir, { recursive: true, force: true });
  }
}

interface Station {
  cable: Unpluggable;
  /** Seconds the station took to prepare its copy of the event. */
  ready: Promise<number>;
  scan(scans: StationScan[]): Promise<StationTally>;
  state(): Promise<StationState>;
  close(): Promise<void>;
}

async function startStation(
  admin: Caller,
  server: StationServer,
  dir: string,
  eventId: string,
  index: number,
): Promise<Station> {
  const account = {
    email: `gate${index + 1}@example.org`,
    password: 'a long enough password',
  };
  await admin.ok('users.create', { ...account, fullName: `Gate ${index + 1}`, role: 'door' });
  const cable = await unpluggable(server.databaseUrl);
  const stationDir = await mkdtemp(join(dir, `station-${index + 1}-`));
  const child: ChildProcess = fork(join(__dirname, 'door-day-station.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (message: FromStation) => void>();
  let failure: Error | null = null;
  child.on('message', (message: FromStation) => {
    if (message.kind === 'failed') {
      failure = new Error(`station ${index + 1}: ${message.message}`);
      for (const settle of waiting.values()) settle(message);
      waiting.clear();
      return;
    }
    const settle = waiting.get(message.kind);
    waiting.delete(message.kind);
    settle?.(message);
  });
  const answerTo = <K extends FromStation['kind']>(kind: K) =>
    new Promise<Extract<FromStation, { kind: K }>>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting.set(kind, (message) =>
        message.kind === 'failed'
          ? reject(failure)
          : resolve(message as Extract<FromStation, { kind: K }>),
      );
    });
  const ask = <K extends FromStation['kind']>(message: ToStation, kind: K) => {
    const answer = answerTo(kind);
    child.send(message);
    return answer;
  };
  const ready = answerTo('ready').then((message) => message.prepareSeconds);
  child.send({
    kind: 'start',
    ...server,
    databaseUrl: cable.url,
    dir: stationDir,
    email: account.email,
    password: account.password,
    eventId,
  } satisfies ToStation);
  return {
    cable,
    ready,
    scan: async (scans) => (await ask({ kind: 'scan', scans }, 'scanned')).tally,
    state: async () => (await ask({ kind: 'status' }, 'status')).state,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send({ kind: 'close' } satisfies ToStation);
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        child.kill('SIGKILL');
      }
      await cable.close();
    },
  };
}

/** One station scanning alone with its cable in: what a verdict costs on this machine now. */
async function floorOf(station: Station, guests: { ticketCode: string }[]) {
  const tally = await station.scan(guests.map((guest) => ({ code: guest.ticketCode })));
  return { p: percentiles(tally.latencies), admitted: tally.admitted };
}

/** Each station's scans: every attendee at one station, and a few again at the next one. */
function plan(codes: string[]): StationScan[][] {
  const work: StationScan[][] = Array.from({ length: STATIONS }, () => []);
  const twice = Math.floor(codes.length * SHOWN_TWICE);
  for (const [i, code] of codes.entries()) {
    work[i % STATIONS]!.push({ code });
    // Shown again a little later, at another gate.
    if (i < twice) work[(i + 1) % STATIONS]!.splice(Math.floor(i / STATIONS) + 5, 0, { code });
  }
  return work;
}

/** Cuts one station's cable now and then, for a second or three; `stop` plugs every one back in. */
function cutAtRandom(stations: Station[]) {
  let cuts = 0;
  let lastReconnection = performance.now();
  const timers = new Set<NodeJS.Timeout>();
  const cut = setInterval(() => {
    const station = stations[Math.floor(Math.random() * stations.length)]!;
    station.cable.unplug();
    cuts++;
    const back = setTimeout(
      () => {
        timers.delete(back);
        station.cable.plugIn();
        lastReconnection = performance.now();
      },
      1_000 + Math.random() * 2_000,
    );
    timers.add(back);
  }, 700);
  return {
    get cuts() {
      return cuts;
    },
    async stop() {
      clearInterval(cut);
      for (const timer of timers) clearTimeout(timer);
      if (timers.size > 0) lastReconnection = performance.now();
      timers.clear();
      for (const station of stations) station.cable.plugIn();
      return lastReconnection;
    },
  };
}

const statesOf = (stations: Station[]) => Promise.all(stations.map((station) => station.state()));

/**
 * Milliseconds from the last reconnection until every station has sent all it holds and counts
 * what the server counts; null if that takes longer than the limit.
 */
async function agreeAfter(core: Core, stations: Station[], eventId: string, since: number) {
  while (performance.now() - since < AGREEMENT_LIMIT_MS) {
    const states = await statesOf(stations);
    const server = await core.db.one<{ n: number }>(
      'select checked_in_count as n from events where id = $1',
      [eventId],
    );
    if (states.every((state) => state.pending === 0 && state.checkedIn === server!.n)) {
      return performance.now() - since;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

function sumVerdicts(tallies: StationTally[]) {
  const sum: Record<string, number> = {};
  for (const tally of tallies) {
    for (const [verdict, n] of Object.entries(tally.verdicts))
      sum[verdict] = (sum[verdict] ?? 0) + n;
  }
  return sum;
}
