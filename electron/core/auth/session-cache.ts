import type { UserDto } from '@shared/domain';

/**
 * Remembers resolved sessions for a few seconds, so a burst of calls (a registration rush, a
 * CLI batch) does not load the caller's account every time. Whether the session still stands is
 * asked of PostgreSQL on every call all the same (one indexed lookup, no account read): a session
 * ended on another desktop (sign-out, a role change, a disabled account) is refused there on the
 * very next call, with or without Redis. This desktop's own changes also clear its entries.
 */
export interface SessionLoaders {
  /** The account behind the token, or null: the full read. */
  load(): Promise<UserDto | null>;
  /** Who holds this session now, or null when it has ended: the cheap check. */
  holder(): Promise<string | null>;
}

export interface SessionCache {
  /**
   * With `staleIfUnreachable` (channels that work offline), a known entry answers at once while
   * the session is checked again in the background: door staff keep scanning when the network
   * drops, and a revoked session is refused from the call after the check.
   */
  resolve(
    token: string,
    loaders: SessionLoaders,
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
  const checking = new Map<string, Promise<string | null>>();

  // Calls of one session that arrive while its check is on the way share that check (a CLI
  // batch, a burst of clicks): one query, not one each. Such a call may be answered by a check
  // sent up to one round trip before it, as if it had arrived that much earlier.
  function check(token: string, holder: () => Promise<string | null>) {
    let pending = checking.get(token);
    if (!pending) {
      pending = holder().finally(() => checking.delete(token));
      checking.set(token, pending);
    }
    return pending;
  }

  async function load(token: string, loader: () => Promise<UserDto | null>) {
    const user = await loader();
    if (entries.size >= MAX_ENTRIES) entries.clear();
    // Unknown tokens are not remembered: a sign-in right after must take effect.
    if (user) entries.set(token, { user, until: Date.now() + TTL_MS });
    else entries.delete(token);
    return user;
  }

  return {
    async resolve(token, loaders, staleIfUnreachable = false) {
      const hit = entries.get(token);
      if (staleIfUnreachable && hit) {
        // A door scan must not wait on a network that silently drops packets: answer with the
        // last known user now and check the session in the background. If the server says the
        // session is gone, the next call is refused.
        if (!refreshing.has(token)) {
          refreshing.add(token);
          load(token, loaders.load)
            .catch(() => undefined)
            .finally(() => refreshing.delete(token));
        }
        return hit.user;
      }
      if (hit && hit.until > Date.now()) {
        if ((await check(token, loaders.holder)) === hit.user.id) return hit.user;
        entries.delete(token);
        return null;
      }
      return load(token, loaders.load);
    },
    forgetToken: (token) => void entries.delete(token),
    forgetUser(userId) {
      for (const [token, entry] of entries) if (entry.user.id === userId) entries.delete(token);
    },
  };
}
