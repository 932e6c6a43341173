import { create } from 'zustand';
import type { ViewId } from '../app/view-id';
import { markStart } from '../app/perf';
import { resetOnSignOut } from './reset-on-sign-out';

interface NavigationState {
  view: ViewId;
  /** The event open in the Events screen; null shows the list. */
  eventId: string | null;
  go(view: ViewId): void;
  openEvent(id: string): void;
  closeEvent(): void;
}

/** Which screen the signed-in layout shows. Not kept across sign-ins: each starts at Events. */
export const useNavigation = create<NavigationState>()((set, get) => ({
  view: 'events',
  eventId: null,
  go: (view) => {
    if (view === 'events' && (get().view !== 'events' || get().eventId)) {
      markStart('events-first-paint');
    }
    set({ view, eventId: null });
  },
  openEvent: (id) => {
    markStart('event-first-paint', id);
    set({ view: 'events', eventId: id });
  },
  closeEvent: () => get().go('events'),
}));

resetOnSignOut(useNavigation);
