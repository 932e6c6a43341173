import { create } from 'zustand';
import type { ScannerStatus } from '@shared/contract/scanner';
import { call, subscribe } from '../api/client';

/** Where the door screen is: choosing an event, downloading it, or checking people in. */
export type DoorPhase = 'loading' | 'unavailable' | 'choosing' | 'preparing' | 'station';

interface DoorState {
  phase: DoorPhase;
  /** This desktop's door station, as the core last reported it. */
  status: ScannerStatus | null;
  /** Why door mode cannot run here (phase 'unavailable'), or why preparing failed. */
  problem: string | null;
  /** Attendees downloaded so far while preparing; total 0 until the server has said. */
  progress: { eventId: string; loaded: number; total: number } | null;
  load(): Promise<void>;
  prepare(eventId: string): Promise<void>;
  /** Back to the list of events (to change event, or to leave the station). */
  choose(): void;
  openStation(): void;
  syncNow(): Promise<void>;
  /** Follows the station's status and download progress; returns the stop. */
  watch(): () => void;
}

export const useDoor = create<DoorState>()((set, get) => ({
  phase: 'loading',
  status: null,
  problem: null,
  progress: null,

  async load() {
    const result = await call('scanner.status', {});
    if (!result.ok) {
      set({ phase: 'unavailable', problem: result.error.message });
      return;
    }
    // A desktop already prepared (e.g. after a restart) opens straight onto its station.
    set({
      status: result.value,
      problem: null,
      phase: result.value.event ? 'station' : 'choosing',
    });
  },

  async prepare(eventId) {
    set({ phase: 'preparing', problem: null, progress: { eventId, loaded: 0, total: 0 } });
    const result = await call('scanner.prepare', { eventId });
    if (result.ok) set({ status: result.value, phase: 'station', progress: null });
    else set({ phase: 'choosing', problem: result.error.message, progress: null });
  },

  choose: () => set({ phase: 'choosing', problem: null }),
  openStation: () => set({ phase: get().status?.event ? 'station' : 'choosing' }),

  async syncNow() {
    const result = await call('scanner.sync', {});
    if (result.ok) set({ status: result.value });
  },

  watch() {
    const stops = [
      subscribe('scanner.status', (status) => set({ status })),
      subscribe('scanner.progress', (progress) => {
        if (get().phase === 'preparing') set({ progress });
      }),
    ];
    return () => stops.forEach((stop) => stop());
  },
}));
