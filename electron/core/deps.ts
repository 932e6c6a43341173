import type { Change, LiveState } from '@shared/contract';
import type { DatabaseMode } from '@shared/domain';
import type { Db } from './db/db';
import type { Logger } from './log';
import type { SecretStore } from './secrets/keychain';
import type { TopicBus } from './topics';
import type { ListingCache } from './cache/listing-cache';
import type { SessionCache } from './auth/session-cache';
import type { PrintBadge } from './door/station/badge-queue';

/** This desktop's settings file and keychain; absent in plain tests and server-side callers. */
export interface DeviceContext {
  settingsFile: string;
  secrets: SecretStore;
  /** The door station's SQLite file (attendee copy and outbox); without it, no door station. */
  doorFile?: string;
  /** Prints a badge PDF (main's print dialog); without it, the station prints no badges. */
  printBadge?: PrintBadge;
}

/** Everything a domain's handlers may use. Built once by createCore. */
export interface CoreDeps {
  db: Db;
  log: Logger;
  mode: DatabaseMode;
  device: DeviceContext | null;
  redisState(): Promise<'ok' | 'down' | 'off'>;
  liveState(): LiveState;
  /** Listings (events.list and friends) go through it; writes bump it via publishChange. */
  cache: ListingCache;
  /** Push topics for this desktop's windows only (e.g. an export's progress). */
  topics: TopicBus;
  /**
   * Announces a committed change to every desktop (Redis Stream in team mode, this process in
   * local mode). Call it after the transaction commits, never inside it.
   */
  publishChange(change: Change): Promise<void>;
  /** Resolved sessions this desktop remembers briefly; clear them when access changes. */
  sessions: SessionCache;
}
