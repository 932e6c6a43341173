import { createContext, useContext, useEffect } from 'react';
import type { LiveState } from '@shared/contract';
import type { Health } from '@shared/contract/system';
import { subscribe } from '../api/client';
import { useChannel } from '../api/use-channel';

export interface Connection {
  health: Health | null;
  /** Newest word on live updates: the health check's, then each `live.status` push. */
  live: LiveState | null;
  /** The health check itself failed: the app cannot reach its database. */
  unreachable: boolean;
  refresh(): Promise<void>;
}

// Pushes carry live-update changes at once; the poll notices a database that went away.
const POLL_MS = 30_000;

/** The signed-in app's connection health, checked by the shell and shown by the top bar and Settings. */
export function useConnectionCheck(): Connection {
  const health = useChannel('system.health', {});
  const { refetch, replace } = health;
  useEffect(() => {
    const timer = window.setInterval(() => void refetch(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);
  useEffect(
    () =>
      subscribe('live.status', ({ state }) =>
        replace((shown) => shown && { ...shown, live: state }),
      ),
    [replace],
  );
  return {
    health: health.data,
    live: health.data?.live ?? null,
    // An ended session is not an unreachable database: it signs out instead.
    unreachable: !!health.error && health.error.code !== 'UNAUTHENTICATED',
    refresh: refetch,
  };
}

export const ConnectionContext = createContext<Connection | null>(null);

export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error('useConnection is for screens inside the signed-in shell');
  return connection;
}
