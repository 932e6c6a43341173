import type { Sql } from '../db/db';
import type { LockedEvent } from './insert-in-order';

export interface TypeCounts {
  id: string;
  capacity: number | null;
  registeredCount: number;
  waitlistedCount: number;
}

/** The event's ticket types with their counters, default (first) type first. */
export const typeCounts = (sql: Sql, eventId: string) =>
  sql.many<TypeCounts>(
    `select id, capacity, registered_count as "registeredCount",
            waitlisted_count as "waitlistedCount"
       from ticket_types where event_id = $1 order by position, created_at, id`,
    [eventId],
  );

/**
 * The seats an event and its types have left, for deciding arrivals one by one under the event
 * lock the caller holds. A seat needs room in both the event and the type, and nobody of the same
 * type already waiting (they were first).
 */
export async function freeSeats(sql: Sql, event: LockedEvent) {
  const types = await typeCounts(sql, event.id);
  let eventFree =
    event.maxAttendees === null
      ? Infinity
      : Math.max(0, event.maxAttendees - event.registeredCount);
  const byId = new Map(types.map((type) => [type.id, { ...type }]));
  const counts = (typeId: string) => {
    const type = byId.get(typeId);
    if (!type) throw new Error(`Ticket type ${typeId} is not one of event ${event.id}'s`);
    return type;
  };
  return {
    defaultTypeId: types[0]!.id,
    /**
     * Seats the next arrival of this type if a seat is free: null. Otherwise the arrival joins
     * the end of its type's waitlist: its 1-based place there.
     */
    seat(typeId: string): number | null {
      const type = counts(typeId);
      const typeFree = type.capacity === null ? Infinity : type.capacity - type.registeredCount;
      if (eventFree <= 0 || typeFree <= 0 || type.waitlistedCount > 0) {
        return ++type.waitlistedCount;
      }
      eventFree -= 1;
      type.registeredCount += 1;
      return null;
    },
  };
}
