import { create } from 'zustand';
import type { ViewId } from '../app/views';

interface NavigationState {
  view: ViewId;
  go(view: ViewId): void;
}

/** Which screen the signed-in layout shows. Not kept across sign-ins: each starts at Events. */
export const useNavigation = create<NavigationState>()((set) => ({
  view: 'events',
  go: (view) => set({ view }),
}));
