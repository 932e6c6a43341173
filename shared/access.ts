// Who may see and change what, decided once for the core and the renderer alike. The core
// enforces these on every channel; the renderer uses the same answers to show or hide actions.
import { isDoorStaff, type EventStatus, type Role } from './domain';

interface Person {
  id: string;
  role: Role;
}

interface EventOwnership {
  createdBy: string | null;
  status: EventStatus;
}

/** Organizers manage the events they created; admins manage every event; door staff none. */
export function managesEvent(person: Person, event: Pick<EventOwnership, 'createdBy'>): boolean {
  return person.role === 'admin' || (person.role === 'organizer' && event.createdBy === person.id);
}

/**
 * Door staff see published events only; drafts and cancelled events are the organizers'. (The core
 * narrows this further to the events they are assigned to: electron/core/door-staff.)
 */
export function seesEvent(person: Person, event: Pick<EventOwnership, 'status'>): boolean {
  return !isDoorStaff(person.role) || event.status === 'published';
}

/**
 * Who may see an event's attendees (names, emails, ticket codes, check-ins): those who manage
 * it, and door staff for published events only (they check those in; drafts and cancelled
 * events are not theirs to see).
 */
export function seesAttendees(person: Person, event: EventOwnership): boolean {
  if (isDoorStaff(person.role)) return event.status === 'published';
  return managesEvent(person, event);
}
