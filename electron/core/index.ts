import type { Redis } from 'ioredis';
import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '@shared/contract';
import type { DatabaseMode } from '@shared/domain';
import { openDb, type Db } from './db/db';
import { migrate } from './db/migrate';
import type { CoreDeps, DeviceContext } from './deps';
import { combineHandlers, type CallContext } from './handlers';
import { consoleLogger, type Logger } from './log';
import { openRedis, redisState } from './redis';
import { createRouter } from './router';
import { createTopicBus, type TopicListener } from './topics';
import { createMemoryCache, createRedisCache } from './cache/listing-cache';
import { createLocalFeed } from './live/change-feed';
import { createRedisFeed } from './live/redis-feed';
import { eventsHandlers } from './events/handlers';
import { registrationsHandlers } from './registrations/handlers';
import { resolveSession, sessionHolder } from './auth/sessions';
import { createSessionCache } from './auth/session-cache';
import { coalesceAnnouncements } from './live/coalesce';
import { authHandlers } from './auth/handlers';
import { usersHandlers } from './users/handlers';
import { doorHandlers } from './door/server/handlers';
import { checkinsHandlers } from './checkins/handlers';
import { settingsHandlers, systemHandlers } from './system/handlers';
import { exportsHandlers } from './exports/handlers';
import { auditHandlers } from './audit/handlers';
import { reportsHandlers } from './reports/handlers';
import { scannerHandlers } from './door/station/handlers';
import { createScannerStation } from './door/station/station';
import { devicesHandlers } from './devices/handlers';
import { startPresence } from './devices/presence';
import { explainLoginFailure } from './devices/login-failure';
import { mailHandlers } from './mail/handlers';
import { ticketTypesHandlers } from './ticket-types/handlers';
import { createMailWorker, type MailWorker, type MailWorkerOptions } from './mail/worker';
import { ticketsHandlers } from './tickets/handlers';
import { badgesHandlers } from './badges/handlers';
import { questionsHandlers } from './questions/handlers';
import { answersHandlers } from './questions/answers-handlers';
import { doorStaffHandlers } from './door-staff/handlers';
import { pointsHandlers } from './checkin-points/handlers';
import { walkInsHandlers } from './walk-ins/handlers';
import { secretAccounts } from './system/device-settings';

export interface CoreConfig {
  databaseUrl: string;
  /** Required in team mode, absent in local mode. */
  redisUrl?: string | null;
  mode?: DatabaseMode;
  device?: DeviceContext | null;
  log?: Logger;
  poolSize?: number;
  /**
   * Namespaces every Redis key, so test files can share one Redis. The database's own id is
   * always added after it, so two databases never share a key whatever the prefix.
   */
  redisKeyPrefix?: string;
}

/** Typed for callers that name a contract channel; untyped for IPC and CLI input. */
export interface CoreCall {
  <C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
    ctx: CallContext,
  ): Promise<Envelope<ChannelOutput<C>>>;
  (channel: string, input: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
}

export interface Core {
  call: CoreCall;
  db: Db;
  mode: DatabaseMode;
  /** Every Redis key of this database starts with it (enrolled desktops' ACLs follow it). */
  redisKeyPrefix: string;
  /** Push topics for the app's windows; returns the unsubscribe. */
  subscribe(listener: TopicListener): () => void;
  /** For bulk writes outside the handlers (`usher seed`): refreshes listings, tells desktops. */
  publishChange: CoreDeps['publishChange'];
  /**
   * Starts this process's mail worker (the app and `usher mail-worker` do; tests choose). Its SMTP
   * password comes from this desktop's keychain unless `password` says otherwise.
   */
  startMailWorker(options?: Partial<MailWorkerOptions>): MailWorker;
  close(): Promise<void>;
}

export type { CallContext };

/** The whole app without a window: used by Electron's main process, the CLI and the tests. */
export async function createCore(config: CoreConfig): Promise<Core> {
  const log = config.log ?? consoleLogger;
  const mode = config.mode ?? 'team';
  const db = await openDb({ url: config.databaseUrl, poolSize: config.poolSize }).catch(
    (error: unknown) => Promise.reject(explainLoginFailure(error)),
  );
  let redis: Redis | null = null;
  let reader: Redis | null = null;
  let keyPrefix: string;
  let desktopKind: string;
  try {
    await migrate(db);
    // Every key and stream is named after this database: two Usher databases sharing one Redis
    // never read each other's listings or changes.
    const instance = (await db.one<{ id: string }>('select id from usher_instance'))!;
    keyPrefix = `${config.redisKeyPrefix ?? 'usher:'}${instance.id}:`;
    // 'owner' (local mode, the owner's login) or an enrolled desktop's kind (migration 1764200000000).
    desktopKind = (await db.one<{ kind: string }>('select usher_desktop_kind() as kind'))!.kind;
    if (config.redisUrl) {
      redis = await openRedis(config.redisUrl, log);
      // XREAD BLOCK holds a connection of its own.
      reader = await openRedis(config.redisUrl, log);
    }
  } catch (error) {
    redis?.disconnect();
    await db.close();
    throw error;
  }
  const cache = redis ? createRedisCache(redis, keyPrefix, log) : createMemoryCache();
  const feed =
    redis && reader ? createRedisFeed({ redis, reader, keyPrefix, log }) : createLocalFeed();

  const topics = createTopicBus();
  const sessions = createSessionCache();
  feed.start((change) => topics.emit(change.topic, change.payload));
  feed.onState((state) => topics.emit('live.status', { state }));
  const deps: CoreDeps = {
    db,
    log,
    mode,
    device: config.device ?? null,
    redisState: () => redisState(redis),
    liveState: feed.state,
    topics,
    cache,
    publishChange: coalesceAnnouncements(async (changes) => {
      await cache.changed();
      await feed.announce(changes);
    }),
    sessions,
  };
  const presence = startPresence(db, log, mode === 'team');
  let mailWorker: MailWorker | null = null;
  const scanner = createScannerStation(deps, (...args) => router.call(...args));
  const router = createRouter({
    handlers: combineHandlers(
      authHandlers(deps),
      usersHandlers(deps),
      doorHandlers(deps),
      checkinsHandlers(deps),
      systemHandlers(deps),
      settingsHandlers(
        deps,
        async (user) => user?.role === 'admin' || !(await db.one('select 1 from users limit 1')),
      ),
      eventsHandlers(deps),
      registrationsHandlers(deps),
      exportsHandlers(deps),
      auditHandlers(deps),
      reportsHandlers(deps),
      scannerHandlers(deps, scanner),
      devicesHandlers(deps, { ...config, redis, redisKeyPrefix: keyPrefix, presence }),
      mailHandlers(deps, () => mailWorker?.wake()),
      ticketsHandlers(deps),
      badgesHandlers(deps),
      ticketTypesHandlers(deps),
      questionsHandlers(deps),
      answersHandlers(deps),
      doorStaffHandlers(deps),
      pointsHandlers(deps),
      walkInsHandlers(deps),
    ),
    resolveSession: (token, offline) =>
      sessions.resolve(
        token,
        { load: () => resolveSession(db, token), holder: () => sessionHolder(db, token) },
        offline,
      ),
    log,
  });

  return {
    call: router.call as CoreCall,
    db,
    mode,
    redisKeyPrefix: keyPrefix,
    subscribe: deps.topics.subscribe,
    publishChange: deps.publishChange,
    startMailWorker(options = {}) {
      if (mailWorker) return mailWorker;
      const secrets = deps.device?.secrets;
      mailWorker = createMailWorker(db, {
        password: async () => (secrets ? secrets.get(secretAccounts.smtpPassword) : null),
        log,
        ...options,
      });
      // A door desktop's login may not read the outbox, and an organizer desktop's sees only the
      // mail of the events of the person signed in there (team-init.ts): admin desktops and
      // `usher mail-worker` send the team's mail.
      if (desktopKind === 'owner' || desktopKind === 'admin') mailWorker.start();
      return mailWorker;
    },
    async close() {
      presence.stop();
      await mailWorker?.stop();
      await scanner.close();
      await feed.close();
      redis?.disconnect();
      await db.close();
    },
  };
}
