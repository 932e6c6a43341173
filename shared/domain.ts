// Domain types shared by main, preload and renderer. Plain data only: these are the DTOs that
// cross the IPC boundary, never ORM objects.

// 'door' is the door supervisor (everything at the door); 'steward' scans and searches names only
// (docs/door-day.md). Both sign in on door desktops: device kinds stay admin, organizer, door.
export const roles = ['admin', 'organizer', 'door', 'steward'] as const;
export type Role = (typeof roles)[number];

/** A role may do everything the roles after it in this order may do. */
export const roleRank: Record<Role, number> = { admin: 4, organizer: 3, door: 2, steward: 1 };

/** Door staff: supervisors and stewards, who work the door of the events assigned to them. */
export const doorRoles = ['door', 'steward'] as const satisfies readonly Role[];
export const isDoorStaff = (role: Role) => role === 'door' || role === 'steward';

export interface UserDto {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export const eventStatuses = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** 'transferred': the seat went to someone else with a new code; this code no longer admits. */
export const registrationStatuses = [
  'registered',
  'waitlisted',
  'cancelled',
  'transferred',
] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

export type DatabaseMode = 'local' | 'team';

export interface EventDto {
  id: string;
  title: string;
  description: string;
  location: string;
  /** ISO 8601 instants (UTC); shown in `timeZone`. */
  startsAt: string;
  endsAt: string;
  timeZone: string;
  category: string;
  /** null: unlimited. */
  maxAttendees: number | null;
  status: EventStatus;
  createdBy: string | null;
  registeredCount: number;
  waitlistedCount: number;
  checkedInCount: number;
  /** Optimistic concurrency: an update must name the version it was based on. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * How a walk-in registered at the door stands: 'admitted' within capacity; 'over_capacity' beyond
 * it (a supervisor's "admit anyway", or an offline walk-in the server found no seat for);
 * 'duplicate_email' when an offline walk-in named an email someone else registered meanwhile.
 * The last two are kept and flagged, like a forced check-in: the person is inside already.
 */
export const walkInFlags = ['admitted', 'over_capacity', 'duplicate_email'] as const;
export type WalkInFlag = (typeof walkInFlags)[number];

export interface RegistrationDto {
  id: string;
  eventId: string;
  attendeeName: string;
  attendeeEmail: string;
  ticketCode: string;
  ticketTypeId: string;
  status: RegistrationStatus;
  /** 1-based place in its ticket type's waitlist; null unless waitlisted. */
  waitlistPosition: number | null;
  createdAt: string;
  checkedInAt: string | null;
  /** Registered at the door as a walk-in, and how it stands; null otherwise. */
  walkIn: WalkInFlag | null;
  /** Optimistic concurrency: an edit or transfer must name the version it was based on. */
  version: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
