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

export const reportsChannels = {
  // Counts of an event's attendees: for those who see them (shared/access.ts seesAttendees).
  'reports.eventActivity': defineChannel<EventActivity>()('door', z.strictObject({ eventId: id })),
};
