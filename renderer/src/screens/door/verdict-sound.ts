import type { Shown } from '../../stores/door-verdict';

/** Staff hear the verdict without looking: in, already in, or stop. */
export type VerdictCue = 'valid' | 'already' | 'refused';

interface Note {
  hz: number;
  ms: number;
  wave: OscillatorType;
}

// Three shapes nobody confuses across a noisy door: a bright rising pair, a flat double beep, a
// low long buzz. Short, so a burst of scans does not turn into one long noise.
const cues: Record<VerdictCue, Note[]> = {
  valid: [
    { hz: 880, ms: 70, wave: 'sine' },
    { hz: 1320, ms: 110, wave: 'sine' },
  ],
  already: [
    { hz: 587, ms: 110, wave: 'triangle' },
    { hz: 587, ms: 110, wave: 'triangle' },
  ],
  refused: [{ hz: 196, ms: 380, wave: 'square' }],
};
const GAP_MS = 50;
const VOLUME = 0.2;

export function cueOf(shown: Shown): VerdictCue | null {
  if (shown.kind === 'undone') return null;
  if (shown.kind === 'error') return 'refused';
  switch (shown.outcome.verdict) {
    case 'valid':
    case 'exited':
      return 'valid';
    case 'already_checked_in':
      return 'already';
    default:
      return 'refused';
  }
}

let context: AudioContext | null = null;

/** Plays a cue through Web Audio: no sound files to ship, and it starts within a few ms. */
export function playCue(cue: VerdictCue): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  // A context made before the first key press starts suspended; a scan is a key press.
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  let at = context.currentTime;
  for (const note of cues[cue]) {
    const seconds = note.ms / 1000;
    const oscillator = context.createOscillator();
    oscillator.type = note.wave;
    oscillator.frequency.value = note.hz;
    const gain = context.createGain();
    // A few ms of fade in and out: a note cut off square clicks.
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(VOLUME, at + 0.005);
    gain.gain.setValueAtTime(VOLUME, at + seconds - 0.01);
    gain.gain.linearRampToValueAtTime(0, at + seconds);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds);
    at += seconds + GAP_MS / 1000;
  }
}
