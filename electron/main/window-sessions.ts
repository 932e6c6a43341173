import type { CallContext } from '../core/handlers';
import { secretAccounts } from '../core/system/device-settings';
import type { SecretStore } from '../core/secrets';

/**
 * One session per window. A window's first call picks up a remembered sign-in from the OS
 * keychain; signing in with "keep me signed in" stores the token there, signing out removes it.
 * The renderer never sees the token.
 */
export function createWindowSessions(secrets: SecretStore) {
  const contexts = new Map<number, CallContext>();
  return {
    async contextFor(windowId: number): Promise<CallContext> {
      let ctx = contexts.get(windowId);
      if (!ctx) {
        const remembered = await secrets.get(secretAccounts.rememberedSession).catch(() => null);
        // Another call of this window may have raced us here; keep the first context.
        ctx = contexts.get(windowId) ?? {
          token: remembered,
          onSessionChange: async ({ token, remember }) => {
            if (token && remember) await secrets.set(secretAccounts.rememberedSession, token);
            else await secrets.delete(secretAccounts.rememberedSession).catch(() => false);
          },
        };
        contexts.set(windowId, ctx);
      }
      return ctx;
    },
    forget(windowId: number) {
      contexts.delete(windowId);
    },
  };
}
