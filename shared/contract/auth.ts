import { z } from 'zod';
import type { UserDto } from '../domain';
import { defineChannel } from './define';
import { email, newPassword, personName, text } from './fields';

export interface SessionInfo {
  user: UserDto | null;
  /** True until the first admin exists: the app then shows the setup screen. */
  needsSetup: boolean;
}

export const authChannels = {
  'auth.session': defineChannel<SessionInfo>()('public', z.strictObject({})),
  'auth.setup': defineChannel<{ user: UserDto }>()(
    'public',
    z.strictObject({ email, fullName: personName, password: newPassword }),
  ),
  'auth.login': defineChannel<{ user: UserDto }>()(
    'public',
    z.strictObject({
      email,
      password: text().min(1, 'Enter your password').max(256),
      remember: z.boolean().default(false),
    }),
  ),
  'auth.logout': defineChannel<{ signedOut: true }>()('signedIn', z.strictObject({})),
  'auth.changePassword': defineChannel<{ changed: true }>()(
    'signedIn',
    z.strictObject({ currentPassword: text().min(1).max(256), newPassword }),
  ),
};
