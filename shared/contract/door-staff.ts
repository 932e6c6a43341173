import { z } from 'zod';
import type { Role } from '../domain';
import { defineChannel } from './define';
import { id } from './fields';

// Door staff (supervisors and stewards) and the events they work. A door desktop shows, prepares
// and checks in only for events its staff member works: all published ones, or (once an admin
// limits them) the ones an event's organizer assigned them to.

export interface DoorStaffMember {
  id: string;
  fullName: string;
  role: Extract<Role, 'door' | 'steward'>;
  /** Works every published event; false: only those they are assigned to. */
  allEvents: boolean;
  /** Assigned to the event asked about. */
  assigned: boolean;
}

export const doorStaffChannels = {
  /** Every enabled door staff member, and whether each works this event: for its managers. */
  'doorStaff.list': defineChannel<DoorStaffMember[]>()(
    'organizer',
    z.strictObject({ eventId: id }),
  ),
  'doorStaff.assign': defineChannel<DoorStaffMember[]>()(
    'organizer',
    z.strictObject({ eventId: id, userId: id, assigned: z.boolean() }),
  ),
  /** Admins only: whether someone works every published event or only assigned ones. */
  'doorStaff.setAllEvents': defineChannel<{ userId: string; allEvents: boolean }>()(
    'admin',
    z.strictObject({ userId: id, allEvents: z.boolean() }),
  ),
};
