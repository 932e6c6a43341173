import type { StoreApi } from 'zustand';

// Every store that holds something of the person signed in registers here, next to where it is
// created, so a new store cannot be forgotten by a list kept somewhere else.
const resets: (() => void)[] = [];

/**
 * Puts `store` back to its initial state whenever a session ends, so the next person at this
 * desktop (door staff after an organizer) sees nothing of the last one. `also` undoes what the
 * state alone cannot, such as answers still on their way.
 */
export function resetOnSignOut<T>(
  store: Pick<StoreApi<T>, 'setState' | 'getInitialState'>,
  also?: () => void,
): void {
  resets.push(() => {
    also?.();
    store.setState(store.getInitialState(), true);
  });
}

/** Called once by the session when it ends: signed out, or no longer honoured by the app. */
export function forgetSignedInPerson(): void {
  for (const reset of resets) reset();
}
