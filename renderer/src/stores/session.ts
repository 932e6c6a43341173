import { create } from 'zustand';
import type { ChannelInput, ErrorBody } from '@shared/contract';
import type { UserDto } from '@shared/domain';
import { call, onSessionLost } from '../api/client';
import { markStart } from '../app/perf';
import { forgetSignedInPerson } from './reset-on-sign-out';
import { toastError, useToasts } from './toasts';

export type SessionStatus = 'loading' | 'setup' | 'signedOut' | 'signedIn' | 'unavailable';

interface SessionState {
  status: SessionStatus;
  user: UserDto | null;
  /** Why the app cannot be used, when status is 'unavailable'. */
  reason: string | null;
  load(): Promise<void>;
  /** Each returns the error for the form to show, or null when it worked. */
  setup(input: ChannelInput<'auth.setup'>): Promise<ErrorBody | null>;
  login(input: ChannelInput<'auth.login'>): Promise<ErrorBody | null>;
  logout(): Promise<void>;
}

const signedIn = (user: UserDto) => ({ status: 'signedIn' as const, user, reason: null });
const signedOut = { status: 'signedOut' as const, user: null, reason: null };

/** The next person starts afresh: first screen, no filters, no toasts, no last verdict. */
function endSession() {
  forgetSignedInPerson();
  useSession.setState(signedOut);
}

export const useSession = create<SessionState>()((set) => ({
  status: 'loading',
  user: null,
  reason: null,

  async load() {
    set({ status: 'loading' });
    const result = await call('auth.session', {});
    if (!result.ok) {
      set({ status: 'unavailable', user: null, reason: result.error.message });
    } else if (result.value.needsSetup) {
      set({ status: 'setup', user: null, reason: null });
    } else {
      set(result.value.user ? signedIn(result.value.user) : signedOut);
    }
  },

  async setup(input) {
    const result = await call('auth.setup', input);
    if (!result.ok) return result.error;
    set(signedIn(result.value.user));
    useToasts.getState().show({
      kind: 'success',
      title: 'Usher is ready',
      message: `Welcome, ${result.value.user.fullName}. You are the first admin.`,
    });
    return null;
  },

  async login(input) {
    const result = await call('auth.login', input);
    if (!result.ok) return result.error;
    // Events is the first screen after sign-in: its first paint is timed from here.
    markStart('events-first-paint');
    set(signedIn(result.value.user));
    return null;
  },

  async logout() {
    const result = await call('auth.logout', {});
    // An already-ended session is signed out too; anything else is worth telling.
    if (!result.ok && result.error.code !== 'UNAUTHENTICATED') {
      toastError(result.error);
      return;
    }
    endSession();
  },
}));

onSessionLost(() => {
  if (useSession.getState().status !== 'signedIn') return;
  endSession();
  useToasts.getState().show({
    kind: 'info',
    title: 'Signed out',
    message: 'Your session ended. Please sign in again.',
  });
});
