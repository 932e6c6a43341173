import { create } from 'zustand';

interface RestartState {
  /** Settings were saved in this run: they apply the next time Usher starts. */
  pending: boolean;
  saved(): void;
}

/**
 * Settings apply at start-up, so once saved the restart notice stays for the rest of the run,
 * whoever is signed in: it is this desktop's, not a person's (so it is not reset on sign-out).
 */
export const useRestartNotice = create<RestartState>()((set) => ({
  pending: false,
  saved: () => set({ pending: true }),
}));
