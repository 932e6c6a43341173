import type { Role } from '@shared/domain';

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  organizer: 'Organizer',
  door: 'Door supervisor',
  steward: 'Door steward',
};
