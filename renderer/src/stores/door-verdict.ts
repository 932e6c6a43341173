import { create } from 'zustand';
import type { ScanOutcome, ScannerStatus } from '@shared/contract/scanner';
import type { Envelope } from '@shared/contract';
import { requests } from '../api/requests';
import { resetOnSignOut } from './reset-on-sign-out';

/** What the verdict panel shows: an outcome, an undo, or why the station could not decide. */
export type Shown =
  | { kind: 'outcome'; outcome: ScanOutcome }
  | { kind: 'undone'; name: string }
  | { kind: 'error'; message: string };

export interface LastCheckIn {
  checkInId: string;
  name: string;
  at: string;
  undoUntil: string;
}

interface VerdictState {
  shown: Shown | null;
  /** Bumped with every verdict, so the panel restarts its fade-out and the scan field refocuses. */
  serial: number;
  /** The last person let in, while their check-in can still be taken back. */
  last: LastCheckIn | null;
  scan(code: string): Promise<void>;
  admit(registrationId: string): Promise<void>;
  /** Takes the last check-in back; the station's new status, or null when it could not. */
  undo(): Promise<ScannerStatus | null>;
  clear(): void;
  /** Forgets the last check-in once its undo window has closed. */
  expireUndo(now?: number): void;
}

// Only the newest request may paint: a slow answer never overwrites a later scan's verdict, and
// none reaches the next person after a sign-out.
const verdicts = requests();

export const useVerdict = create<VerdictState>()((set, get) => {
  const show = async (ask: () => Promise<Envelope<ScanOutcome> | null>) => {
    verdicts.supersede();
    const result = await ask();
    if (!result) return;
    if (!result.ok) {
      set({ shown: { kind: 'error', message: result.error.message }, serial: get().serial + 1 });
      return;
    }
    const outcome = result.value;
    set({
      shown: { kind: 'outcome', outcome },
      serial: get().serial + 1,
      ...(outcome.verdict === 'valid' && {
        last: {
          checkInId: outcome.checkInId,
          name: outcome.attendee.name,
          at: outcome.at,
          undoUntil: outcome.undoUntil,
        },
      }),
    });
  };

  return {
    shown: null,
    serial: 0,
    last: null,
    scan: (code) => show(() => verdicts.call('scanner.scan', { code })),
    admit: (registrationId) => show(() => verdicts.call('scanner.admit', { registrationId })),

    async undo() {
      const last = get().last;
      if (!last) return null;
      verdicts.supersede();
      const result = await verdicts.call('scanner.undo', { checkInId: last.checkInId });
      if (!result) return null;
      const shown: Shown = result.ok
        ? { kind: 'undone', name: last.name }
        : { kind: 'error', message: result.error.message };
      set({ shown, serial: get().serial + 1, last: null });
      return result.ok ? result.value : null;
    },

    clear: () => set({ shown: null }),
    expireUndo(now = Date.now()) {
      const last = get().last;
      if (last && Date.parse(last.undoUntil) <= now) set({ last: null });
    },
  };
});

resetOnSignOut(useVerdict, () => verdicts.supersede());
