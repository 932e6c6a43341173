import type { Change, LiveState } from '@shared/contract';

/** How committed changes reach every desktop's windows. */
export interface ChangeFeed {
  /** After commit. Never throws: Redis being down must not fail a write that committed. */
  announce(changes: Change[]): Promise<void>;
  /** Reads the stream from where it left off; calls `onChange` once per change, in order. */
  start(onChange: (change: Change) => void): void;
  /** 'local': in-process only (local mode). */
  state(): LiveState;
  onState(listener: (state: LiveState) => void): void;
  close(): Promise<void>;
}

/** Local mode: one process, so announcing is delivering. */
export function createLocalFeed(): ChangeFeed {
  let deliver: ((change: Change) => void) | null = null;
  return {
    async announce(changes) {
      for (const change of changes) deliver?.(change);
    },
    start(onChange) {
      deliver = onChange;
    },
    state: () => 'local',
    onState() {},
    async close() {
      deliver = null;
    },
  };
}
