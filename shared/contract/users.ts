import { z } from 'zod';
import type { UserDto } from '../domain';
import { defineChannel } from './define';
import { email, id, newPassword, personName, role, searchText } from './fields';

export const usersChannels = {
  'users.list': defineChannel<UserDto[]>()(
    'admin',
    z.strictObject({
      search: searchText.optional(),
      role: role.optional(),
      includeDisabled: z.boolean().default(true),
    }),
  ),
  'users.create': defineChannel<UserDto>()(
    'admin',
    z.strictObject({ email, fullName: personName, role, password: newPassword }),
  ),
  'users.update': defineChannel<UserDto>()(
    'admin',
    z
      .strictObject({
        id,
        fullName: personName.optional(),
        role: role.optional(),
        disabled: z.boolean().optional(),
      })
      .refine((v) => v.fullName !== undefined || v.role !== undefined || v.disabled !== undefined, {
        message: 'Nothing to change',
      }),
  ),
  'users.resetPassword': defineChannel<{ reset: true }>()(
    'admin',
    z.strictObject({ id, password: newPassword }),
  ),
};
