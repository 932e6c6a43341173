import type { UserDto } from '@shared/domain';

/**
 * Remembers resolved sessions for a few seconds, so a burst of calls (a registration rush, a
 * CLI batch) does not ask PostgreSQL who the caller is every time. Sign-out, a role change or
 * disabling an account clears this desktop's entries at once; another desktop's copy lapses
 * within TTL_MS.
 */
export interface SessionCache {
  /**
   * With `staleIfUnreachable` (channels that work offline), an expired entry still answers at
   * once while the session is checked again in the background: door staff keep scanning when
   * the network drops, and a revoked session is refused from the call after the check.
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
  const refreshing = new Set<string>();

  async function load(token: string, loader: () => Promise<UserDto | null>) {
    const user = await loader();
    if (entries.size >= MAX_ENTRIES) entries.clear();
    // Unknown tokens are not remembered: a sign-in right after must take effect.
    if (user) entries.set(token, { user, until: Date.now() + TTL_MS });
    else entries.delete(token);
    return user;
  }

  return {
    async resolve(token, loader, staleIfUnreachable = false) {
      const hit = entries.get(token);
      if (hit && hit.until > Date.now()) return hit.user;
      if (staleIfUnreachable && hit) {
        // A door scan must not wait on a network that silently drops packets: answer with the
        // last known user now and check the session in the background. If the server says the
        // session is gone, the next call is refused.
        if (!refreshing.has(token)) {
          refreshing.add(token);
          load(token, loader)
            .catch(() => undefined)
            .finally(() => refreshing.delete(token));
        }
        return hit.user;
      }
      return load(token, loader);
    },
    forgetToken: (token) => void entries.delete(token),
    forgetUser(userId) {
      for (const [token, entry] of entries) if (entry.user.id === userId) entries.delete(token);
    },
  };
}
