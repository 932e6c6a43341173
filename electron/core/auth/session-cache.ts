import type { UserDto } from '@shared/domain';

/**
 * Remembers resolved sessions for a few seconds, so a burst of calls (a registration rush, a
 * CLI batch) does not ask PostgreSQL who the caller is every time. Sign-out, a role change or
 * disabling an account clears this desktop's entries at once; another desktop's copy lapses
 * within TTL_MS.
 */
export interface SessionCache {
  /**
   * With `staleIfUnreachable`, a failed load (the server is out of reach) falls back to the
   * last user this token resolved to: door staff keep scanning when the network drops.
   */
  resolve(
    token: string,
    load: () => Promise<UserDto | null>,
    staleIfUnreachable?: boolean,
  ): Promise<UserDto | null>;
  forgetToken(token: string): void;
  forgetUser(userId: string): void;
}

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export function createSessionCache(): SessionCache {
  const entries = new Map<string, { user: UserDto; until: number }>();
  return {
    async resolve(token, load, staleIfUnreachable = false) {
      const hit = entries.get(token);
      if (hit && hit.until > Date.now()) return hit.user;
      let user: UserDto | null;
      try {
        user = await load();
      } catch (error) {
        if (staleIfUnreachable && hit) return hit.user;
        throw error;
      }
      if (entries.size >= MAX_ENTRIES) entries.clear();
      // Unknown tokens are not remembered: a sign-in right after must take effect.
      if (user) entries.set(token, { user, until: Date.now() + TTL_MS });
      else entries.delete(token);
      return user;
    },
    forgetToken: (token) => void entries.delete(token),
    forgetUser(userId) {
      for (const [token, entry] of entries) if (entry.user.id === userId) entries.delete(token);
    },
  };
}
