import { z } from 'zod';
import { defineChannel } from './define';
import { id } from './fields';

export interface EventActivity {
  /** The event's zone: every day and hour below is a wall-clock one there. */
  timeZone: string;
  /** Registrations made per local day ("2026-05-01"), oldest first; days without any left out. */
  registrationsPerDay: { day: string; count: number }[];
  /** Attendees checked in per local hour ("2026-05-01T18:00"), counting each ticket once. */
  checkInsPerHour: { hour: string; count: number }[];
}

/** One ticket type's seats, for counts shown outside the event's own screen. */
export interface TypeCount {
  id: string;
  name: string;
  /** null: only the event's capacity limits it. */
  capacity: number | null;
  registeredCount: number;
  waitlistedCount: number;
}

/** An event's ticket types with their counts, in the organizer's order (the default first). */
export interface EventTypeCounts {
  eventId: string;
  types: TypeCount[];
}

export const reportsChannels = {
  // Counts of an event's attendees: for those who see them (shared/access.ts seesAttendees).
  'reports.eventActivity': defineChannel<EventActivity>()('door', z.strictObject({ eventId: id })),
  /**
   * Per-type counts of a page of events (the events list). Events the caller may not see the
   * attendees of, or that do not exist, are left out rather than failing the whole page.
   */
  'reports.ticketTypeCounts': defineChannel<EventTypeCounts[]>()(
    'door',
    z.strictObject({ eventIds: z.array(id).min(1).max(200, 'At most 200 events at once') }),
  ),
};
