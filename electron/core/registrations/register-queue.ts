import { managesEvent } from '@shared/access';
import type { RegistrationDto, UserDto } from '@shared/domain';
import type { Db } from '../db/db';
import { lockEventCounts } from './capacity';
import { activeEmails, insertInArrivalOrder } from './insert-in-order';
import { typeCounts } from './seats';
import { sqlState } from '../sql-format';
import { AppError } from '../errors';

export interface RegisterAttempt {
  eventId: string;
  name: string;
  email: string;
  ticketCode: string;
  /** Absent: the event's first type. */
  ticketTypeId?: string;
  actorId: string;
  actor: Pick<UserDto, 'id' | 'role'>;
}

export type RegisterOutcome =
  | { kind: 'registered' | 'waitlisted'; registration: RegistrationDto }
  | { kind: 'no-event' | 'not-yours' | 'event-cancelled' | 'duplicate' | 'no-type' };

interface Queued {
  attempt: RegisterAttempt;
  resolve(outcome: RegisterOutcome): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 500;

/**
 * A failure that is nobody's input: the event's lock is held elsewhere, the server is busy or
 * gone. Retrying each attempt alone would only repeat it, batch by batch.
 */
const sharedFailure = (error: unknown) => {
  if (error instanceof AppError) return true;
  const state = sqlState(error);
  return state !== undefined && !state.startsWith('22') && !state.startsWith('23');
};

/**
 * Registrations for one event are decided one batch at a time: the first attempt starts a
 * transaction at once; attempts arriving meanwhile wait and go together in the next one, in
 * arrival order. Each batch locks the event row, so desktops sharing the database still take
 * turns and capacity is never oversold; within this process a rush costs one lock hand-over
 * and one commit per batch instead of one per person. Nobody is answered before the commit.
 */
export function createRegisterQueue(db: Db) {
  const queues = new Map<string, Queued[]>();

  const decide = (eventId: string, batch: Queued[]) =>
    db.eventTx([eventId], (sql) =>
      decideBatch(
        sql,
        eventId,
        batch.map((q) => q.attempt),
      ),
    );

  async function drain(eventId: string, queue: Queued[]) {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const outcomes = await decide(eventId, batch);
        batch.forEach((queued, i) => queued.resolve(outcomes[i]!));
      } catch (error) {
        if (sharedFailure(error)) {
          // The event is locked elsewhere or the server is busy: those who queued meanwhile
          // would only wait as long again, so they hear it now too.
          for (const queued of [...batch, ...queue.splice(0)]) queued.reject(error);
          continue;
        }
        if (batch.length === 1) {
          batch[0]!.reject(error);
          continue;
        }
        // One attempt's failure must never fail another's: the batch rolled back, so each
        // attempt is decided again on its own, in arrival order, and only the bad one fails.
        for (const queued of batch) {
          await decide(eventId, [queued]).then(
            ([outcome]) => queued.resolve(outcome!),
            (alone: unknown) => queued.reject(alone),
          );
        }
      }
    }
    queues.delete(eventId);
  }

  return {
    register(attempt: RegisterAttempt): Promise<RegisterOutcome> {
      return new Promise((resolve, reject) => {
        let queue = queues.get(attempt.eventId);
        const idle = !queue;
        if (!queue) queues.set(attempt.eventId, (queue = []));
        queue.push({ attempt, resolve, reject });
        if (idle) void drain(attempt.eventId, queue);
      });
    },
  };
}

async function decideBatch(
  sql: Parameters<Parameters<Db['tx']>[0]>[0],
  eventId: string,
  attempts: RegisterAttempt[],
): Promise<RegisterOutcome[]> {
  const event = await lockEventCounts(sql, eventId);
  if (!event) return attempts.map(() => ({ kind: 'no-event' }));
  // Read after the lock: this statement sees every registration committed before it.
  const taken = await activeEmails(
    sql,
    eventId,
    attempts.map((a) => a.email),
  );
  const types = new Set((await typeCounts(sql, eventId)).map((type) => type.id));
  const outcomes: (RegisterOutcome | null)[] = attempts.map((attempt) => {
    if (!managesEvent(attempt.actor, event)) return { kind: 'not-yours' };
    if (event.status === 'cancelled') return { kind: 'event-cancelled' };
    if (attempt.ticketTypeId !== undefined && !types.has(attempt.ticketTypeId)) {
      return { kind: 'no-type' };
    }
    const key = attempt.email.toLowerCase();
    if (taken.has(key)) return { kind: 'duplicate' };
    taken.add(key);
    return null;
  });
  const admitted = attempts.filter((_, i) => outcomes[i] === null);
  const inserted = await insertInArrivalOrder(sql, event, admitted, 'registrations.register');
  let next = 0;
  return outcomes.map((outcome) => {
    if (outcome) return outcome;
    const registration = inserted[next++]!;
    return { kind: registration.status as 'registered' | 'waitlisted', registration };
  });
}
