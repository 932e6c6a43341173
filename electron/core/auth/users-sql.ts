import type { UserDto, Role } from '@shared/domain';

/** The columns every user query selects, already shaped as the DTO. */
export const userColumns = `u.id, u.email, u.full_name as "fullName", u.role, u.disabled,
  to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"`;

export type UserRow = UserDto & { role: Role };
