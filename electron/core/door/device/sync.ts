import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract';
import { AppError } from '../../errors';
import type { Outbox } from './outbox';
import type { Replica } from './replica';
import type { ReplicaDb } from './replica-db';
import type { DoorTransport } from './types';

export interface SyncOptions {
  /** A request with no answer after this long counts as "offline" (its result is ignored). */
  timeoutMs?: number;
  /** How often an online device pulls changes. */
  pullIntervalMs?: number;
  /** Retries while offline back off exponentially up to this. */
  maxBackoffMs?: number;
  /** Check-ins per upload at most; fewer after a failed one (see upload()). */
  uploadBatch?: number;
  pageSize?: number;
}

export interface SyncReport {
  online: boolean;
  uploaded: number;
  pulled: number;
  pending: number;
  error: string | null;
}

// The least time between two tries of an offline device woken by the live feed.
const OFFLINE_RETRY_FLOOR_MS = 1_000;
// Online, the least time from the end of one sync to the start of one woken by a scan or a
// note. A quiet door syncs at once; a busy one (notes from every station, scans many a second)
// syncs a few times a second, each run taking all that came meanwhile, rather than back to back.
// At full speed on 2 cores, back-to-back runs spent most of every station's time on requests that
// carried one or two check-ins each.
const ONLINE_GAP_MS = 250;

/** The server could not be reached, answered too slowly, or could not serve the request now. */
export class OfflineError extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', `The server cannot be reached: ${message}`);
  }
}

// Walk-ins are few and each is decided alone under the event lock: small batches.
const WALK_IN_BATCH = 100;
// The fewest check-ins an upload sends after failures (see upload()).
const MIN_UPLOAD_BATCH = 50;

interface SyncDeps {
  db: ReplicaDb;
  replica: Replica;
  outbox: Outbox;
  transport: DoorTransport;
  deviceId: string;
  now(): Date;
  options?: SyncOptions;
}

export function createSync({
  db,
  replica,
  outbox,
  transport,
  deviceId,
  now,
  options = {},
}: SyncDeps) {
  const {
    timeoutMs = 5_000,
    pullIntervalMs = 3_000,
    // A door must notice its network is back within seconds, so that every station counts the
    // same people soon after (issue 16: under 5 s). One attempt every few seconds per station, with
    // jitter, costs the server nothing.
    maxBackoffMs = 4_000,
    uploadBatch = 1_000,
    pageSize = 5_000,
  } = options;
  let uploadSize = uploadBatch;
  const state = {
    online: null as boolean | null,
    failures: 0,
    lastError: null as string | null,
    lastSyncAt: null as string | null,
  };

  async function request<C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<ChannelOutput<C>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new OfflineError(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    let envelope;
    try {
      envelope = await Promise.race([transport(channel, input), timeout]);
    } catch (error) {
      if (error instanceof OfflineError) throw error;
      throw new OfflineError(error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
    if (envelope.ok) return envelope.value;
    // An internal error is the server's trouble, not the device's: keep the queue and back off.
    if (envelope.error.code === 'UNAVAILABLE' || envelope.error.code === 'INTERNAL') {
      throw new OfflineError(envelope.error.message);
    }
    throw new AppError(envelope.error.code, envelope.error.message, envelope.error.fields);
  }

  /** Walk-ins first: their check-ins wait in the outbox until the server has registered them. */
  async function uploadWalkIns(): Promise<number> {
    let sent = 0;
    for (;;) {
      const walkIns = outbox.nextWalkIns(WALK_IN_BATCH);
      if (walkIns.length === 0) return sent;
      let results;
      try {
        // The person is inside already: kept and flagged whatever the server finds.
        ({ results } = await request('walkIns.upload', {
          deviceId,
          items: walkIns.map(({ item }) => ({ ...item, ifFull: 'admit' as const, offline: true })),
        }));
      } catch (error) {
        // A steward signed in here may not register walk-ins: they wait for a supervisor.
        if (error instanceof AppError && error.code === 'FORBIDDEN') return sent;
        throw error;
      }
      db.transaction(() => {
        outbox.acknowledgeWalkIns(results, now().toISOString());
        replica.applyAttendees(results.flatMap((result) => result.attendee ?? []));
      }).immediate();
      sent += walkIns.length;
    }
  }

  /**
   * Sends the outbox in batches, sized by how the last ones went: a batch that fails makes the
   * next one half as big, one answered within a quarter of the timeout doubles the size again,
   * up to uploadBatch. A server too loaded to take a thousand check-ins in time (each try
   * abandoned and sent again, the queue never shrinking: ten stations were stuck so with
   * thousands each on a 2-core machine) still takes them in smaller bites. A slow answer alone
   * keeps the size: uploads wait their turn on the event's lock, so smaller ones would only wait
   * more often.
   */
  async function upload(): Promise<number> {
    let sent = 0;
    for (;;) {
      const items = outbox.nextBatch(uploadSize);
      if (items.length === 0) return sent;
      const began = performance.now();
      let results;
      try {
        ({ results } = await request('checkins.upload', { deviceId, items }));
      } catch (error) {
        uploadSize = Math.max(MIN_UPLOAD_BATCH, Math.floor(uploadSize / 2));
        throw error;
      }
      if (performance.now() - began < timeoutMs / 4) {
        uploadSize = Math.min(uploadBatch, uploadSize * 2);
      }
      const answers = new Map(results.map((result) => [result.nonce, result]));
      // Acknowledged and reflected in the replica at once, so no scan in between sees neither;
      // the pull that follows brings each registration whole.
      db.transaction(() => {
        outbox.acknowledge(results, now().toISOString());
        for (const item of items) {
          const answer = answers.get(item.nonce);
          if (item.kind === 'revert') replica.dropCheckIn(item.checkInNonce);
          else if (answer?.checkIn && answer.registrationId) {
            replica.putCheckIn(answer.registrationId, answer.checkIn);
          } else replica.dropCheckIn(item.nonce);
        }
      }).immediate();
      sent += items.length;
    }
  }

  async function pull(eventId: string): Promise<number> {
    let cursor = replica.event(eventId)?.cursor;
    let pulled = 0;
    while (cursor) {
      const page = await request('door.changes', { eventId, cursor, limit: pageSize });
      db.transaction(() => {
        replica.applyAttendees(page.attendees);
        replica.saveSetup(eventId, page);
        replica.setCursor(eventId, page.cursor, now().toISOString());
      }).immediate();
      pulled += page.attendees.length;
      cursor = page.done ? null : page.cursor;
    }
    return pulled;
  }

  /**
   * Tells the server what this device holds not yet uploaded at an event, and keeps what the
   * other stations reported: both make the occupancy range (docs/door-day.md).
   */
  async function report(eventId: string) {
    try {
      const others = await request('points.reportPending', {
        eventId,
        deviceId,
        pending: replica.pendingMoves(eventId),
      });
      replica.savePendingElsewhere(eventId, others);
    } catch (error) {
      // A server without the channel, or a refusal: the range stays unknown, the sync goes on.
      if (error instanceof OfflineError) throw error;
    }
  }

  async function syncOnce(): Promise<SyncReport> {
    let uploaded = 0;
    let pulled = 0;
    try {
      const events = replica.preparedEventIds();
      // Back after an outage with moves to send: the server hears how many before a long upload
      // (which the network may cut again), so other desktops show the range meanwhile.
      if (state.online === false && outbox.pendingCount() > 0) {
        for (const eventId of events) await report(eventId);
      }
      // Upload first: the pull that follows then already carries the server's verdict on them.
      uploaded = (await uploadWalkIns()) + (await upload());
      for (const eventId of events) {
        pulled += await pull(eventId);
        await report(eventId);
      }
      state.online = true;
      state.failures = 0;
      state.lastError = null;
      state.lastSyncAt = now().toISOString();
    } catch (error) {
      const offline = error instanceof OfflineError;
      state.online = !offline;
      state.failures = offline ? state.failures + 1 : 0;
      state.lastError = error instanceof Error ? error.message : String(error);
    }
    db.pragma('wal_checkpoint(PASSIVE)');
    return {
      online: state.online ?? false,
      uploaded,
      pulled,
      pending: outbox.pendingCount(),
      error: state.lastError,
    };
  }

  // One sync at a time; callers arriving during a run share the one queued after it.
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<SyncReport> | null = null;
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  // When the next background sync runs, when the last one began and ended (performance.now()),
  // whether one is running, and whether a scan or a note asked for another meanwhile.
  let dueAt = Infinity;
  let lastRunAt = -Infinity;
  let lastEndAt = -Infinity;
  let running = false;
  let wanted = false;

  function sync(): Promise<SyncReport> {
    if (queued) return queued;
    const run = chain
      .then(() => {
        queued = null;
        running = true;
        return syncOnce();
      })
      .finally(() => {
        running = false;
        lastEndAt = performance.now();
        if (wanted) {
          wanted = false;
          if (state.online !== false) soon();
        }
      });
    queued = run;
    chain = run.catch(() => undefined);
    return run;
  }

  const nextDelay = () =>
    state.online === false
      ? Math.min(maxBackoffMs, 1_000 * 2 ** Math.min(state.failures - 1, 20)) *
        (0.8 + Math.random() * 0.4)
      : pullIntervalMs;
  function schedule(delay: number) {
    if (!started) return;
    clearTimeout(timer);
    dueAt = performance.now() + delay;
    timer = setTimeout(() => {
      dueAt = Infinity;
      lastRunAt = performance.now();
      void sync().then(() => scheduleBy(nextDelay()));
    }, delay);
  }
  /** Schedules the next sync in `delay` unless one is due sooner. */
  function scheduleBy(delay: number) {
    if (performance.now() + delay < dueAt) schedule(delay);
  }

  /**
   * Online: a sync now, or ONLINE_GAP_MS after the last one ended, whichever is later; during a
   * run, after it (that run may have read the server before what asked).
   */
  function soon() {
    if (running) {
      wanted = true;
      return;
    }
    scheduleBy(Math.max(0, lastEndAt + ONLINE_GAP_MS - performance.now()));
  }

  return {
    state,
    request,
    sync,
    start() {
      started = true;
      schedule(0);
    },
    stop() {
      started = false;
      clearTimeout(timer);
    },
    /**
     * Another desktop's change was announced: pull it now. Hearing the team's live feed is also a
     * sign the network may be back, so an offline device tries again too, but no more than once
     * a second (notes can come many times a second) and never later than its backoff would.
     */
    heard() {
      if (state.online !== false) return soon();
      scheduleBy(Math.max(0, lastRunAt + OFFLINE_RETRY_FLOOR_MS - performance.now()));
    },
    /** After a scan: send it soon when online; when offline the backoff timer will retry. */
    kick() {
      if (state.online !== false) soon();
    },
    settled: () => chain,
  };
}

export type Sync = ReturnType<typeof createSync>;
