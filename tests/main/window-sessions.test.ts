import { describe, expect, it } from 'vitest';
import { secretAccounts } from '../../electron/core/system/device-settings';
import { createMemorySecretStore } from '../../electron/core/secrets';
import { createWindowSessions } from '../../electron/main/window-sessions';

describe('window sessions', () => {
  it('keeps a remembered sign-in in the keychain and forgets it on sign-out', async () => {
    const secrets = createMemorySecretStore();
    const sessions = createWindowSessions(secrets);
    const ctx = await sessions.contextFor(1);
    expect(ctx.token).toBeNull();

    await ctx.onSessionChange!({ token: 'token-1', remember: true });
    expect(await secrets.get(secretAccounts.rememberedSession)).toBe('token-1');
    // A new window (or the next app start) begins signed in.
    expect((await createWindowSessions(secrets).contextFor(7)).token).toBe('token-1');

    await ctx.onSessionChange!({ token: null, remember: false });
    expect(await secrets.get(secretAccounts.rememberedSession)).toBeNull();
  });

  it('does not remember a session unless asked', async () => {
    const secrets = createMemorySecretStore();
    const ctx = await createWindowSessions(secrets).contextFor(1);
    await ctx.onSessionChange!({ token: 'token-2', remember: false });
    expect(await secrets.get(secretAccounts.rememberedSession)).toBeNull();
  });

  it('gives each window its own session', async () => {
    const sessions = createWindowSessions(createMemorySecretStore());
    const a = await sessions.contextFor(1);
    const b = await sessions.contextFor(2);
    a.token = 'only-a';
    expect(b.token).toBeNull();
    expect(await sessions.contextFor(1)).toBe(a);
    sessions.forget(1);
    expect(await sessions.contextFor(1)).not.toBe(a);
  });
});
