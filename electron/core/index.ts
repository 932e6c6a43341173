import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '@shared/contract';
import type { DatabaseMode } from '@shared/domain';
import { openDb, type Db } from './db/db';
import { migrate } from './db/migrate';
import type { CoreDeps, DeviceContext } from './deps';
import { combineHandlers, type CallContext } from './handlers';
import { consoleLogger, type Logger } from './log';
import { connectRedis, redisState } from './redis';
import { createRouter } from './router';
import { createTopicBus, type TopicListener } from './topics';
import { resolveSession } from './auth/sessions';
import { authHandlers } from './services/auth';
import { usersHandlers } from './services/users';
import { settingsHandlers, systemHandlers } from './services/system';

export interface CoreConfig {
  databaseUrl: string;
  /** Required in team mode, absent in local mode. */
  redisUrl?: string | null;
  mode?: DatabaseMode;
  device?: DeviceContext | null;
  log?: Logger;
  poolSize?: number;
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
  /** Push topics for the app's windows; returns the unsubscribe. */
  subscribe(listener: TopicListener): () => void;
  close(): Promise<void>;
}

export type { CallContext };

/** The whole app without a window: used by Electron's main process, the CLI and the tests. */
export async function createCore(config: CoreConfig): Promise<Core> {
  const log = config.log ?? consoleLogger;
  const mode = config.mode ?? 'team';
  const db = await openDb({ url: config.databaseUrl, poolSize: config.poolSize });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const redis = config.redisUrl ? connectRedis(config.redisUrl, log) : null;

  const topics = createTopicBus();
  const deps: CoreDeps = {
    db,
    log,
    mode,
    device: config.device ?? null,
    redisState: () => redisState(redis),
    topics,
    // Replaced by the cross-desktop live stream (organizer core); for now this desktop only.
    publishChange: (change) => topics.emit(change.topic, change.payload),
  };
  const router = createRouter({
    handlers: combineHandlers(
      authHandlers(deps),
      usersHandlers(deps),
      systemHandlers(deps),
      settingsHandlers(deps),
    ),
    resolveSession: (token) => resolveSession(db, token),
    log,
  });

  return {
    call: router.call as CoreCall,
    db,
    mode,
    subscribe: deps.topics.subscribe,
    async close() {
      redis?.disconnect();
      await db.close();
    },
  };
}
