import { create } from 'zustand';
import { persist } from 'zustand/middleware';

interface DoorSoundState {
  /** Staff at a quiet venue (or a ceremony) silence the station; the desktop remembers it. */
  muted: boolean;
  toggleMuted(): void;
}

// The desktop's setting, not a person's: it stays across sign-outs, like the restart notice.
export const useDoorSound = create<DoorSoundState>()(
  persist(
    (set, get) => ({
      muted: false,
      toggleMuted: () => set({ muted: !get().muted }),
    }),
    { name: 'usher.door.sound' },
  ),
);
