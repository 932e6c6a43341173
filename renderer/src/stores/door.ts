import { create } from 'zustand';
import type { ScannerProgress, ScannerStatus } from '@shared/contract/scanner';
import { requests } from '../api/requests';
import { resetOnSignOut } from './reset-on-sign-out';

/**
 * What the person asked the door screen for. 'station' opens the check-in station when this
 * desktop is prepared for an event (the list of events otherwise); the station's own status is
 * server data, held by the screen.
 */
export type DoorView = 'station' | 'choosing' | 'preparing';

interface DoorState {
  view: DoorView;
  /** Why preparing this desktop failed, shown above the list of events. */
  problem: string | null;
  /** Attendees downloaded so far while preparing; total 0 until the server has said. */
  progress: ScannerProgress | null;
  /** Downloads the event to this desktop, handing the station's new status to `prepared`. */
  prepare(eventId: string, prepared: (status: ScannerStatus) => void): Promise<void>;
  progressed(progress: ScannerProgress): void;
  /** Back to the list of events (to change event, or to leave the station). */
  choose(): void;
  openStation(): void;
}

// A download still running when its person signs out must not report to the next one.
const preparing = requests();

export const useDoor = create<DoorState>()((set, get) => ({
  view: 'station',
  problem: null,
  progress: null,

  async prepare(eventId, prepared) {
    set({ view: 'preparing', problem: null, progress: { eventId, loaded: 0, total: 0 } });
    const result = await preparing.call('scanner.prepare', { eventId });
    if (!result) return;
    if (!result.ok) {
      set({ view: 'choosing', problem: result.error.message, progress: null });
      return;
    }
    // The status first, in the same render: the station opens on the event just prepared.
    prepared(result.value);
    set({ view: 'station', progress: null });
  },

  progressed(progress) {
    if (get().view === 'preparing') set({ progress });
  },

  choose: () => set({ view: 'choosing', problem: null }),
  openStation: () => set({ view: 'station' }),
}));

resetOnSignOut(useDoor, () => preparing.supersede());
