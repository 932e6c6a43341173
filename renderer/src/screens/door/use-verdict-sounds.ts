import { useEffect } from 'react';
import { useDoorSound } from '../../stores/door-sound';
import { useVerdict } from '../../stores/door-verdict';
import { cueOf, playCue } from './verdict-sound';

/**
 * Every verdict heard, once, as it arrives. A store subscription, not a render effect: React
 * paints a burst of answers in one render, and each of them still gets its sound.
 */
export function useVerdictSounds() {
  useEffect(
    () =>
      useVerdict.subscribe((state, before) => {
        if (!state.latest || state.latest === before.latest) return;
        if (useDoorSound.getState().muted) return;
        const cue = cueOf(state.latest.shown);
        if (cue) playCue(cue);
      }),
    [],
  );
}
