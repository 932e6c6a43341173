import { isoUtc } from '../sql-format';

/** The columns every user query selects, already shaped as the DTO. */
export const userColumns = `u.id, u.email, u.full_name as "fullName", u.role, u.disabled,
  ${isoUtc('u.created_at')} as "createdAt"`;
