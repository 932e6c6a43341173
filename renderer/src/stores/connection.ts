import { create } from 'zustand';
import type { Health } from '@shared/contract/system';
import { call, subscribe } from '../api/client';

export type LiveState = Health['live'];

interface ConnectionState {
  health: Health | null;
  /** Newest word on live updates: the health check's, then each `live.status` push. */
  live: LiveState | null;
  /** The health check itself failed: the app cannot reach its database. */
  unreachable: boolean;
  refresh(): Promise<void>;
  /** Follows pushes and re-checks now and then; returns the stop. */
  watch(): () => void;
}

// Pushes carry live-update changes at once; the poll notices a database that went away.
const POLL_MS = 30_000;

export const useConnection = create<ConnectionState>()((set, get) => ({
  health: null,
  live: null,
  unreachable: false,

  async refresh() {
    const result = await call('system.health', {});
    if (result.ok) set({ health: result.value, live: result.value.live, unreachable: false });
    else if (result.error.code !== 'UNAUTHENTICATED') set({ unreachable: true });
  },

  watch() {
    void get().refresh();
    const unsubscribe = subscribe('live.status', ({ state }) => set({ live: state }));
    const timer = window.setInterval(() => void get().refresh(), POLL_MS);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
    };
  },
}));
