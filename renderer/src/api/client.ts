import {
  channels,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
  type Envelope,
  type ErrorBody,
  type ErrorCode,
  type TopicName,
  type Topics,
  type UsherApi,
} from '@shared/contract';

declare global {
  interface Window {
    /** Exposed by the preload (the app) or by the end-to-end harness (tests). */
    readonly usher: UsherApi;
  }
}

type SessionLostListener = () => void;
const sessionLostListeners = new Set<SessionLostListener>();

/**
 * The renderer's one way to reach the app. Never throws: a broken bridge becomes an INTERNAL
 * envelope like any other failure, so every caller handles exactly one shape.
 */
export async function call<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
): Promise<Envelope<ChannelOutput<C>>> {
  let result: Envelope<ChannelOutput<C>>;
  try {
    result = await window.usher.invoke(channel, input);
  } catch {
    result = {
      ok: false,
      error: { code: 'INTERNAL', message: 'Usher did not answer. Try again.' },
    };
  }
  // A session that ends under us (expired, revoked, account disabled) sends us back to sign-in.
  if (
    !result.ok &&
    result.error.code === 'UNAUTHENTICATED' &&
    channels[channel].access !== 'public'
  ) {
    for (const listener of sessionLostListeners) listener();
  }
  return result;
}

/** Push topics from the app; returns the unsubscribe. */
export function subscribe<T extends TopicName>(
  topic: T,
  listener: (payload: Topics[T]) => void,
): () => void {
  return window.usher.on(topic, listener);
}

export function onSessionLost(listener: SessionLostListener): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

const errorTitles: Record<ErrorCode, string> = {
  VALIDATION: 'Check the form',
  UNAUTHENTICATED: 'Not signed in',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Could not save',
  FULL: 'Fully booked',
  UNAVAILABLE: 'Not available right now',
  INTERNAL: 'Something went wrong',
};

export interface ErrorToast {
  kind: 'error';
  title: string;
  message: string;
}

/** What a person sees for a failed call: the envelope's own message, never a stack. */
export function errorToast(error: ErrorBody): ErrorToast {
  const hasFieldErrors = error.fields !== undefined && Object.keys(error.fields).length > 0;
  return {
    kind: 'error',
    title: errorTitles[error.code],
    // Field messages are shown next to their fields; the toast only points at them.
    message:
      error.code === 'VALIDATION' && hasFieldErrors ? 'Some fields need attention.' : error.message,
  };
}
