import { create } from 'zustand';
import type { ScanOutcome, ScannerStatus } from '@shared/contract/scanner';
import type { ChannelInput, Envelope, ErrorBody } from '@shared/contract';
import { requests } from '../api/requests';
import { resetOnSignOut } from './reset-on-sign-out';
import { afterPaint, markScan } from '../app/perf';

/** What the verdict panel shows: an outcome, an undo, or why the station could not decide. */
export type Shown =
  | { kind: 'outcome'; outcome: ScanOutcome }
  | { kind: 'undone'; name: string; exit: boolean }
  | { kind: 'error'; message: string };

export interface LastCheckIn {
  checkInId: string;
  name: string;
  /** An exit, undone the same way as an entry. */
  exit: boolean;
  at: string;
  undoUntil: string;
}

/** One answer in the list under the big verdict. */
export interface RecentVerdict {
  /** Order in which the scans were made (not answered): newest first on screen. */
  seq: number;
  shown: Shown;
  /** Anything but a green "welcome" stays marked until staff have seen it. */
  acknowledged: boolean;
  /** Device clock, when the answer came. */
  at: string;
}

interface VerdictState {
  shown: Shown | null;
  /** The scan the big verdict belongs to: a later scan's answer replaces it, an earlier one not. */
  shownSeq: number;
  /** Bumped with every verdict, so the panel restarts its fade-out and the scan field refocuses. */
  serial: number;
  /** The last person let in, while their check-in can still be taken back. */
  last: LastCheckIn | null;
  /** Every answer of a burst, newest first: the recent ones and every one not yet acknowledged. */
  recent: RecentVerdict[];
  /** The answer recorded last (each one is heard once, in the order they came). */
  latest: RecentVerdict | null;
  scan(code: string): Promise<void>;
  admit(registrationId: string): Promise<void>;
  /** Registers and admits a walk-in, shown like a scan; the error for the form, or null. */
  walkIn(input: ChannelInput<'scanner.walkIn'>): Promise<ErrorBody | null>;
  /** Takes the last check-in back; the station's new status, or null when it could not. */
  undo(): Promise<ScannerStatus | null>;
  acknowledge(seq: number): void;
  acknowledgeAll(): void;
  clear(): void;
  /** Forgets the last check-in once its undo window has closed. */
  expireUndo(now?: number): void;
}

/** Green answers kept in the list; answers that need a look stay until acknowledged. */
export const RECENT_KEPT = 8;

// Every answer is shown, however many scans are on their way at once (a scanner flushing its
// stored codes): none is superseded by a newer scan. A sign-out supersedes them all, so nothing
// reaches the next person.
const verdicts = requests();
let asked = 0;

/** An entry or exit this desktop recorded: green, and undoable for a while. */
const recorded = (outcome: ScanOutcome | null) =>
  outcome?.verdict === 'valid' || outcome?.verdict === 'exited' ? outcome : null;

const needsLook = (shown: Shown) =>
  !(shown.kind === 'outcome' && recorded(shown.outcome)) && shown.kind !== 'undone';

/** The newest RECENT_KEPT answers, plus older ones nobody has acknowledged yet. */
function keep(recent: RecentVerdict[]): RecentVerdict[] {
  return recent.filter((entry, index) => index < RECENT_KEPT || !entry.acknowledged);
}

// Answers whose line in the recent list (and sound) comes after the verdict is on screen.
let unlisted: RecentVerdict[] = [];

export const useVerdict = create<VerdictState>()((set, get) => {
  /**
   * The list and the sounds, one frame behind the verdict: the big verdict is all the next frame
   * has to draw (issue 11: scan to painted verdict within a frame). Each answer still gets its
   * own line and its own sound, in the order they came.
   */
  const listAfterPaint = () => {
    const entries = unlisted;
    unlisted = [];
    for (const entry of entries) {
      const recent = [...get().recent, entry].sort((a, b) => b.seq - a.seq);
      set({ recent: keep(recent), latest: entry });
    }
  };

  const record = (seq: number, shown: Shown) => {
    const entry: RecentVerdict = {
      seq,
      shown,
      acknowledged: !needsLook(shown),
      at: new Date().toISOString(),
    };
    const state = get();
    const newest = seq >= state.shownSeq;
    const made = recorded(shown.kind === 'outcome' ? shown.outcome : null);
    // A task behind the verdict's frame, and behind what its own commit queued there (the mark
    // of that frame's paint), so the list's render is not counted in the verdict's time.
    if (unlisted.push(entry) === 1) afterPaint(() => setTimeout(listAfterPaint, 0));
    set({
      serial: state.serial + 1,
      ...(newest && { shown, shownSeq: seq }),
      ...(newest &&
        made && {
          last: {
            checkInId: made.checkInId,
            name: made.attendee.name,
            exit: made.verdict === 'exited',
            at: made.at,
            undoUntil: made.undoUntil,
          },
        }),
    });
  };

  const show = async (ask: () => Promise<Envelope<ScanOutcome> | null>) => {
    const seq = ++asked;
    const result = await ask();
    if (!result) return;
    markScan('answer');
    record(
      seq,
      result.ok
        ? { kind: 'outcome', outcome: result.value }
        : { kind: 'error', message: result.error.message },
    );
  };

  return {
    shown: null,
    shownSeq: 0,
    serial: 0,
    last: null,
    recent: [],
    latest: null,
    scan: (code) => show(() => verdicts.call('scanner.scan', { code })),
    admit: (registrationId) => show(() => verdicts.call('scanner.admit', { registrationId })),

    async walkIn(input) {
      const seq = ++asked;
      const result = await verdicts.call('scanner.walkIn', input);
      if (!result) return null;
      // A refusal (full, email known, an answer missing) stays in the form, next to its field.
      if (!result.ok) return result.error;
      markScan('answer');
      record(seq, { kind: 'outcome', outcome: result.value.outcome });
      return null;
    },

    async undo() {
      const last = get().last;
      if (!last) return null;
      const seq = ++asked;
      const result = await verdicts.call('scanner.undo', { checkInId: last.checkInId });
      if (!result) return null;
      set({ last: null });
      record(
        seq,
        result.ok
          ? { kind: 'undone', name: last.name, exit: last.exit }
          : { kind: 'error', message: result.error.message },
      );
      return result.ok ? result.value : null;
    },

    acknowledge(seq) {
      const recent = get().recent.map((entry) =>
        entry.seq === seq ? { ...entry, acknowledged: true } : entry,
      );
      set({ recent: keep(recent) });
    },
    acknowledgeAll() {
      set({ recent: keep(get().recent.map((entry) => ({ ...entry, acknowledged: true }))) });
    },

    clear: () => set({ shown: null }),
    expireUndo(now = Date.now()) {
      const last = get().last;
      if (last && Date.parse(last.undoUntil) <= now) set({ last: null });
    },
  };
});

resetOnSignOut(useVerdict, () => {
  verdicts.supersede();
  unlisted = [];
});
