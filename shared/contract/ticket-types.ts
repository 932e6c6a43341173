import { z } from 'zod';
import { id, text } from './fields';

// Ticket types: what an event sells (VIP, standard, day 1…). Each has an optional capacity of its
// own inside the event's; the event's lock decides both, so neither is ever oversold. Every
// registration holds one type; registering without one picks the event's first type.

export interface TicketTypeDto {
  id: string;
  eventId: string;
  name: string;
  /** null: only the event's capacity limits this type. */
  capacity: number | null;
  /** 0-based place in the event's list; the first type is the default one. */
  position: number;
  registeredCount: number;
  waitlistedCount: number;
  /** Optimistic concurrency: an edit must name the version it was based on. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The name every event's first type gets until the organizer renames it. */
export const defaultTicketTypeName = 'General admission';

export const ticketTypeName = text()
  .trim()
  .min(1, 'Give the ticket type a name')
  .max(100, 'At most 100 characters');

export const ticketTypeCapacity = z
  .number()
  .int('Capacity must be a whole number')
  .min(1, 'Capacity must be at least 1 (or unlimited)')
  .max(1_000_000)
  .nullable();

export const ticketTypeFields = z.strictObject({
  name: ticketTypeName,
  capacity: ticketTypeCapacity.default(null),
});

/** Optional on every channel that registers someone: absent means the event's first type. */
export const ticketTypeId = id;
