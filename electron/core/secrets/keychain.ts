/**
 * Secrets (database and Redis passwords, the local-mode PostgreSQL password) live in the OS
 * keychain: macOS Keychain, Windows Credential Manager, or the Secret Service (gnome-keyring,
 * KWallet) on Linux. Plain Node code: shared by the Electron main process and the CLI.
 *
 * Nothing here ever writes a secret to a file. When the keychain cannot be used,
 * `createSessionFallbackStore` keeps secrets in this process's memory until it exits.
 */
import { randomUUID } from 'node:crypto';
import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';

export type KeychainState = 'available' | 'locked' | 'unavailable';

export interface KeychainStatus {
  state: KeychainState;
  /** Plain words for a person, shown as is. */
  message: string;
}

export interface SecretStore {
  /** The secret saved for `account`, or null when there is none. */
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** True when a secret was removed, false when there was none. */
  delete(account: string): Promise<boolean>;
  /** Never rejects. */
  status(): Promise<KeychainStatus>;
}

export interface KeychainOptions {
  /**
   * How long one keychain call may take before it counts as failed. A locked desktop
   * keyring shows an unlock prompt and waits for the person, so this is generous.
   */
  timeoutMs?: number;
}

/** Why the keychain could not be used; `reason` is a short plain phrase for people. */
export class KeychainError extends Error {
  constructor(
    readonly state: Exclude<KeychainState, 'available'>,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      state === 'locked'
        ? `The system keychain is locked (${reason})`
        : `The system keychain is unavailable: ${reason}`,
      options,
    );
    this.name = 'KeychainError';
  }
}

export const DEFAULT_SERVICE = 'Usher';
const DEFAULT_TIMEOUT_MS = 60_000;
const PROBE_ACCOUNT = '__usher_keychain_probe__';

/**
 * Linux: require the Secret Service. Without this the library silently falls back to the
 * kernel keyring, which forgets everything at logout. Ignored on macOS and Windows.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

type KeyringModule = typeof import('@napi-rs/keyring');
let keyringModule: Promise<KeyringModule> | undefined;

/** Loaded on first use, so a missing native binary degrades to "unavailable", not a crash. */
function loadKeyring(): Promise<KeyringModule> {
  keyringModule ??= import('@napi-rs/keyring').then((mod) => {
    const cjs = (mod as { default?: KeyringModule }).default;
    const AsyncEntryClass = mod.AsyncEntry ?? cjs?.AsyncEntry;
    if (typeof AsyncEntryClass !== 'function') {
      throw new Error('@napi-rs/keyring has no AsyncEntry export');
    }
    return { ...cjs, ...mod, AsyncEntry: AsyncEntryClass } as KeyringModule;
  });
  return keyringModule;
}

function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current != null && depth < 8; depth++) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' | ');
}

/**
 * Maps what the keyring library throws to locked / unavailable. Observed on Linux with
 * @napi-rs/keyring 2.x (all are plain Errors with code "GenericFailure"):
 * - collection locked, unlock prompt refused or impossible (no display):
 *   "Couldn't access platform storage: Secret Service: unlock prompt was dismissed"
 * - no session bus: the AsyncEntry constructor throws "Platform failure: DBus error: Failed to
 *   connect to socket ..." or "... autolaunch ... set your DBUS_SESSION_BUS_ADDRESS instead"
 * - a bus but no Secret Service: the constructor throws "... The name org.freedesktop.secrets
 *   was not provided by any .service files"
 * - a Secret Service without a default collection: writes fail with "Secret Service: no
 *   result found"
 * macOS reports a locked keychain that cannot prompt as "User interaction is not allowed".
 */
export function classifyKeychainError(error: unknown): KeychainError {
  if (error instanceof KeychainError) return error;
  const text = messagesOf(error);
  const cause = { cause: error };
  if (/prompt was dismissed|\block(ed)?\b|unlock|interaction is not allowed/i.test(text)) {
    return new KeychainError('locked', 'it must be unlocked before secrets can be saved', cause);
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service/i.test(text)) {
    return new KeychainError(
      'unavailable',
      'no keyring service (Secret Service) is running',
      cause,
    );
  }
  if (/failed to connect to socket|autolaunch|DBUS_SESSION_BUS_ADDRESS/i.test(text)) {
    return new KeychainError('unavailable', 'there is no desktop session bus (D-Bus)', cause);
  }
  if (/no result found|no default collection/i.test(text)) {
    return new KeychainError('unavailable', 'the keyring has no default collection', cause);
  }
  if (/native binding|Cannot find module|AsyncEntry export/i.test(text)) {
    return new KeychainError('unavailable', 'keychain support could not be loaded here', cause);
  }
  return new KeychainError('unavailable', `it reported an error: ${text}`, cause);
}

function checkAccount(account: string): void {
  if (typeof account !== 'string' || account.length === 0) {
    throw new TypeError('A secret needs a non-empty account name');
  }
}

function checkValue(value: string): void {
  if (typeof value !== 'string') throw new TypeError('A secret value must be a string');
}

function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      // The signal only drops calls that have not started; a call already waiting on the
      // keychain keeps its worker thread, but our caller is no longer held up by it.
      controller.abort();
      reject(
        new KeychainError(
          'unavailable',
          `it did not answer within ${Math.round(timeoutMs / 1000)} s`,
        ),
      );
    }, timeoutMs);
    timer.unref?.();
    run(controller.signal).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The OS keychain. Every failure rejects with a `KeychainError` (state locked/unavailable);
 * `status()` probes with a throwaway entry and never rejects. On a locked desktop keyring a
 * call may show the system's unlock prompt.
 */
export function createKeychainStore(
  service: string = DEFAULT_SERVICE,
  options: KeychainOptions = {},
): SecretStore {
  if (typeof service !== 'string' || service.length === 0) {
    throw new TypeError('The keychain service name must be a non-empty string');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Constructing an entry opens (or reuses) the D-Bus connection synchronously, a few ms;
  // entries are kept so that happens once per account, and dropped after any failure.
  const entries = new Map<string, AsyncEntry>();

  async function call<T>(
    account: string,
    op: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    try {
      let entry = entries.get(account);
      if (!entry) {
        const { AsyncEntry: Entry } = await loadKeyring();
        entry = new Entry(service, account, ENTRY_OPTIONS);
        entries.set(account, entry);
      }
      const ready = entry;
      return await withTimeout((signal) => op(ready, signal), timeoutMs);
    } catch (error) {
      entries.delete(account);
      throw classifyKeychainError(error);
    }
  }

  const store: SecretStore = {
    async get(account) {
      checkAccount(account);
      return call(account, (entry, signal) => entry.getPassword(signal));
    },
    async set(account, value) {
      checkAccount(account);
      checkValue(value);
      await call(account, (entry, signal) => entry.setPassword(value, signal));
    },
    async delete(account) {
      checkAccount(account);
      return call(account, (entry, signal) => entry.deleteCredential(signal));
    },
    async status() {
      const probe = `probe-${randomUUID()}`;
      try {
        await store.set(PROBE_ACCOUNT, probe);
        try {
          if ((await store.get(PROBE_ACCOUNT)) !== probe) {
            throw new KeychainError('unavailable', 'it did not return what was saved in it');
          }
        } finally {
          await store.delete(PROBE_ACCOUNT).catch(() => false);
        }
        return { state: 'available', message: availableMessage };
      } catch (error) {
        const failure = classifyKeychainError(error);
        return {
          state: failure.state,
          message:
            failure.state === 'locked'
              ? 'The system keychain is locked. Unlock it to save secrets.'
              : `The system keychain cannot be used: ${failure.reason}.`,
        };
      }
    },
  };
  return store;
}

const availableMessage = 'Secrets are saved in the system keychain.';

/** Process memory only: for tests, and what the session fallback holds. */
export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    async get(account) {
      checkAccount(account);
      return values.get(account) ?? null;
    },
    async set(account, value) {
      checkAccount(account);
      checkValue(value);
      values.set(account, value);
    },
    async delete(account) {
      checkAccount(account);
      return values.delete(account);
    },
    // It stands in for a working system keychain, and says what that one says: a keychain
    // that is "ready" while keeping secrets "in memory" contradicted itself on screen.
    async status() {
      return { state: 'available', message: availableMessage };
    },
  };
}

function sessionOnlyMessage(state: Exclude<KeychainState, 'available'>): string {
  return state === 'locked'
    ? 'The system keychain is locked; secrets are kept for this session only.'
    : 'No system keychain is available; secrets are kept for this session only.';
}

/**
 * Uses `inner` (the OS keychain) and, when it fails, keeps the secret in process memory for
 * this session instead of failing; nothing is ever written to a file. get/set/delete do not
 * reject because of the keychain. `status()` re-probes the keychain: once it works again,
 * secrets held in memory are moved into it (and deletions made meanwhile are applied).
 */
export function createSessionFallbackStore(inner: SecretStore): SecretStore {
  // account -> value held for this session; null marks a deletion the keychain has not seen.
  const held = new Map<string, string | null>();
  // What the keychain last failed with; reported while secrets are still held in memory.
  let lastFailure: Exclude<KeychainState, 'available'> = 'unavailable';

  const remember = (error: unknown) => {
    lastFailure = classifyKeychainError(error).state;
  };

  async function flush(): Promise<void> {
    for (const [account, value] of [...held]) {
      try {
        if (value === null) await inner.delete(account);
        else await inner.set(account, value);
        if (held.get(account) === value) held.delete(account);
      } catch (error) {
        remember(error);
        return;
      }
    }
  }

  return {
    async get(account) {
      checkAccount(account);
      if (held.has(account)) return held.get(account) ?? null;
      try {
        return await inner.get(account);
      } catch (error) {
        remember(error);
        return null;
      }
    },
    async set(account, value) {
      checkAccount(account);
      checkValue(value);
      try {
        await inner.set(account, value);
        held.delete(account);
      } catch (error) {
        remember(error);
        held.set(account, value);
      }
    },
    async delete(account) {
      checkAccount(account);
      const heldValue = held.get(account);
      const removedHeld = heldValue !== undefined && heldValue !== null;
      try {
        const removed = await inner.delete(account);
        held.delete(account);
        return removed || removedHeld;
      } catch (error) {
        remember(error);
        held.set(account, null);
        return removedHeld;
      }
    },
    async status() {
      let current: KeychainStatus;
      try {
        current = await inner.status();
      } catch (error) {
        const failure = classifyKeychainError(error);
        current = { state: failure.state, message: failure.message };
      }
      if (current.state === 'available') {
        await flush();
        if (held.size === 0) return current;
        // The probe worked but a held secret could not be moved: still session-only.
        return { state: lastFailure, message: sessionOnlyMessage(lastFailure) };
      }
      lastFailure = current.state;
      return { state: current.state, message: sessionOnlyMessage(current.state) };
    },
  };
}
