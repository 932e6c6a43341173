import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Direction } from '@shared/contract/points';
import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { pointInput } from '../support/points';
import { createTestDatabase, deleteRedisKeys, redisUrl } from '../support/postgres';
import { unpluggable, type Unpluggable } from '../support/unpluggable';
import { addAttendees, createEvent } from '../core/door/seed';
import { ms, percentiles, report } from './stats';
import type {
  FromStation,
  StationScan,
  StationServer,
  StationState,
  StationTally,
  ToStation,
} from './door-day-station';

/**
 * A door day, simulated (issue 16): STATIONS door stations, each a process with its own core and
 * door file, at three check-in points (two gates that record exits, a workshop that admits once).
 * Attendees come in at a gate, some go to the workshop, some show their ticket again at another
 * station, and later some leave and some of those come back, while the benchmark cuts and
 * restores each station's connection to PostgreSQL at random (a TCP relay per station). All of
 * that at full speed; then latecomers at a busy gate's pace, cables still cut. Reports each
 * station's verdict times, scans per second in all, how long after each part every station counts
 * the people inside each point as the server does, forced and doubled
 * check-ins, and any entry or exit a station recorded that the server lacks. The floor: one
 * station's verdict times with the others idle and its cable in.
 * `DOOR_DAY_ATTENDEES` and `DOOR_DAY_STATIONS` make it smaller.
 */
const ATTENDEES = Number(process.env.DOOR_DAY_ATTENDEES ?? 50_000);
const STATIONS = Number(process.env.DOOR_DAY_STATIONS ?? 10);
const FLOOR_SCANS = 500;
// Of the attendees, the share arriving late, scanned at a busy gate's pace after the full-speed day.
const LATE_SHARE = 0.05;
// Scans a second at each station for the latecomers: a lane scans a ticket every few seconds;
// this is several times that.
const BUSY_RATE = 2;
// How long agreement may take before the benchmark gives up and says so.
const AGREEMENT_LIMIT_MS = 120_000;

interface Points {
  mainGate: string;
  northGate: string;
  workshop: string;
}

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
    const points = await setUpPoints(admin, eventId);
    const guests = await addAttendees(core.db, eventId, ATTENDEES);
    const pointOf = (station: number) =>
      [points.mainGate, points.northGate, points.workshop][station % 3]!;
    for (let i = 0; i < STATIONS; i++) {
      const server = { ...live, databaseUrl: database.url };
      stations.push(await startStation(admin, server, dir, eventId, pointOf(i), i));
    }
    const prepared = await Promise.all(stations.map((station) => station.ready));
    const floor = await stations[0]!.scan(
      guests.slice(0, FLOOR_SCANS).map((guest) => ({ code: guest.ticketCode, direction: 'in' })),
    );
    const floorP = percentiles(floor.latencies);

    const codes = guests.slice(FLOOR_SCANS).map((guest) => guest.ticketCode);
    const lateCount = Math.floor(codes.length * LATE_SHARE);
    const { arrivals, departures } = plan(codes.slice(lateCount), pointOf);
    const late = plan(codes.slice(0, lateCount), pointOf).arrivals;
    // The day at full speed: every station as fast as it answers, cables cut at random.
    const storm = cutAtRandom(stations);
    const started = performance.now();
    const tallies: StationTally[][] = [];
    for (const phase of [arrivals, departures]) {
      tallies.push(await Promise.all(stations.map((station, i) => station.scan(phase[i]!))));
    }
    const scanSeconds = (performance.now() - started) / 1000;
    const dayAgreement = await agreeAfter(admin, stations, eventId, await storm.stop());
    // Then latecomers at a busy gate's pace, cables still cut at random: what an outage leaves a
    // station holding at a real door, and how soon all agree once it is over.
    const busy = cutAtRandom(stations);
    tallies.push(
      await Promise.all(stations.map((station, i) => station.scan(late[i]!, BUSY_RATE))),
    );
    const lastReconnection = await busy.stop();
    const agreement = await agreeAfter(admin, stations, eventId, lastReconnection);

    const perStation = stations.map((_, i) => mergeTallies(tallies.map((phase) => phase[i]!)));
    const recorded = [...floor.recorded, ...perStation.flatMap((tally) => tally.recorded)];
    const held = await core.db.one<{ found: number; forced: number; twice: number }>(
      `select count(*) filter (where nonce = any($2::uuid[]))::int as found,
              count(*) filter (where forced)::int as forced,
              (select count(*)::int from (
                 select 1 from check_ins where event_id = $1 and reverted_at is null
                    and direction = 'in' and forced_reason = 'already_checked_in'
                  group by registration_id) t) as twice
         from check_ins where event_id = $1`,
      [eventId, recorded],
    );
    const occupancy = await admin.ok('points.occupancy', { eventId });
    const scans = mergeTallies(tallies.slice(0, 2).flat()).latencies.length;
    const rows: Record<string, string | number> = {
      stations: `${STATIONS} (main gate, north gate, workshop in turn)`,
      attendees: ATTENDEES.toLocaleString('en'),
      'prepare, all at once': `slowest ${Math.max(...prepared).toFixed(1)} s`,
      'floor: verdict alone, cable in': `p50 ${ms(floorP.p50)}, p99 ${ms(floorP.p99)}`,
      scans: scans.toLocaleString('en'),
      'scans per second, all stations': Math.round(scans / scanSeconds).toLocaleString('en'),
      'cable cuts': storm.cuts + busy.cuts,
    };
    for (const [i, tally] of perStation.entries()) {
      const p = percentiles(tally.latencies);
      rows[`station ${i + 1} verdict`] =
        `p50 ${ms(p.p50)}, p99 ${ms(p.p99)} (${(p.p99 / floorP.p99).toFixed(1)}x floor)`;
    }
    rows['verdicts'] = Object.entries(mergeTallies(perStation).verdicts)
      .map(([verdict, n]) => `${verdict} ${n}`)
      .join(', ');
    rows['inside at the end (server)'] = occupancy.points
      .map((at) => `${at.name} ${at.inside}`)
      .join(', ');
    const seconds = (ms: number | null) =>
      ms === null ? `not within ${AGREEMENT_LIMIT_MS / 1000} s` : `${(ms / 1000).toFixed(2)} s`;
    rows['agreement after the full-speed day'] = seconds(dayAgreement);
    rows[`agreement after the last reconnection, latecomers at ${BUSY_RATE}/s a station`] =
      `${seconds(agreement)} (target < 5 s)`;
    rows['forced check-ins (server)'] = held!.forced;
    rows['second entries of someone inside (server)'] = held!.twice;
    rows['lost: recorded on a station, not on the server'] = recorded.length - held!.found;
    report(`door day: ${STATIONS} stations, ${ATTENDEES.toLocaleString('en')} attendees`, rows);
    if (recorded.length !== held!.found) {
      throw new Error('An entry or exit that turned a screen green was lost');
    }
  } finally {
    await Promise.all(stations.map((station) => station.close()));
    await core.close();
    await database.drop();
    await deleteRedisKeys(live.redisKeyPrefix);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The event's first point made the main gate (with exits), a north gate, and a workshop. */
async function setUpPoints(admin: Caller, eventId: string): Promise<Points> {
  const [first] = await admin.ok('points.list', { eventId });
  const gate = { recordsExits: true, allowReentry: true };
  await admin.ok('points.update', {
    id: first!.id,
    version: first!.version,
    point: pointInput({ name: 'Main gate', ...gate }),
  });
  const north = await admin.ok('points.create', {
    eventId,
    point: pointInput({ name: 'North gate', ...gate }),
  });
  const workshop = await admin.ok('points.create', {
    eventId,
    point: pointInput({ name: 'Workshop A' }),
  });
  return { mainGate: first!.id, northGate: north.id, workshop: workshop.id };
}

/**
 * Each station's scans in two phases. Arrivals: everyone in at a gate (alternating), one in five
 * also at the workshop, one in fifty shown again at the gate's next station. Departures: three
 * in ten leave by the gate they came in, and a third of those come back in.
 */
function plan(codes: string[], pointOf: (station: number) => string) {
  const stationsAt = (point: string) =>
    Array.from({ length: STATIONS }, (_, i) => i).filter((i) => pointOf(i) === point);
  const gates = [stationsAt(pointOf(0)), stationsAt(pointOf(1))];
  const workshop = stationsAt(pointOf(2));
  const empty = () => Array.from({ length: STATIONS }, (): StationScan[] => []);
  const arrivals = empty();
  const departures = empty();
  const at = (list: StationScan[][], station: number, code: string, direction: Direction) =>
    list[station]!.push({ code, direction });
  for (const [k, code] of codes.entries()) {
    const gate = gates[k % 2]!;
    const station = gate[Math.floor(k / 2) % gate.length]!;
    at(arrivals, station, code, 'in');
    if (k % 50 === 0) at(arrivals, gate[(gate.indexOf(station) + 1) % gate.length]!, code, 'in');
    if (k % 5 === 0 && workshop.length > 0)
      at(arrivals, workshop[k % workshop.length]!, code, 'in');
    if (k % 10 < 3) at(departures, station, code, 'out');
  }
  for (const [k, code] of codes.entries()) {
    const gate = gates[k % 2]!;
    if (k % 10 === 0) at(departures, gate[Math.floor(k / 2) % gate.length]!, code, 'in');
  }
  return { arrivals, departures };
}

function mergeTallies(tallies: StationTally[]): StationTally {
  const merged: StationTally = { latencies: [], verdicts: {}, recorded: [], seconds: 0 };
  for (const tally of tallies) {
    merged.latencies.push(...tally.latencies);
    merged.recorded.push(...tally.recorded);
    merged.seconds += tally.seconds;
    for (const [verdict, n] of Object.entries(tally.verdicts)) {
      merged.verdicts[verdict] = (merged.verdicts[verdict] ?? 0) + n;
    }
  }
  return merged;
}

interface Station {
  cable: Unpluggable;
  /** Seconds the station took to prepare its copy of the event. */
  ready: Promise<number>;
  /** Scans in order, `rate` a second (0: each as soon as the last is answered). */
  scan(scans: StationScan[], rate?: number): Promise<StationTally>;
  state(): Promise<StationState>;
  close(): Promise<void>;
}

async function startStation(
  admin: Caller,
  server: StationServer,
  dir: string,
  eventId: string,
  pointId: string,
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
    pointId,
  } satisfies ToStation);
  return {
    cable,
    ready,
    scan: async (scans, rate = 0) => (await ask({ kind: 'scan', scans, rate }, 'scanned')).tally,
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

/**
 * Milliseconds from the last reconnection until every station has sent all it holds and counts
 * the people inside each point as the server does; null if that takes longer than the limit.
 */
async function agreeAfter(admin: Caller, stations: Station[], eventId: string, since: number) {
  while (performance.now() - since < AGREEMENT_LIMIT_MS) {
    const states = await Promise.all(stations.map((station) => station.state()));
    const server = await admin.ok('points.occupancy', { eventId });
    const agrees = (state: StationState) =>
      state.pending === 0 && server.points.every((at) => state.inside[at.pointId] === at.inside);
    if (states.every(agrees)) return performance.now() - since;
    // Each look counts the server's occupancy over every check-in: often enough to time a
    // target of seconds, seldom enough not to slow what it times.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}
