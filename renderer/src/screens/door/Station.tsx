import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ScannerStatus } from '@shared/contract/scanner';
import { matches } from '../../app/shortcuts';
import { useVerdict } from '../../stores/door-verdict';
import { CameraPanel } from './CameraPanel';
import { ConflictsPanel } from './ConflictsPanel';
import { RecentVerdicts } from './RecentVerdicts';
import { ScanField } from './ScanField';
import { SearchPanel } from './SearchPanel';
import { StationBar } from './StationBar';
import { useVerdictSounds } from './use-verdict-sounds';
import { VerdictPanel } from './VerdictPanel';
import { useMayRegisterWalkIns, WalkInPanel } from './WalkInPanel';

// Someone who wandered into the search or a button and walked away leaves the station ready for
// the next scan after this long.
const IDLE_RETURN_MS = 15_000;

/**
 * The check-in station: the whole window, built for a queue at the door. The scan field holds the
 * focus (hand scanners type the code and Enter), and gets it back after every verdict.
 */
export function Station(props: { status: ScannerStatus; onStatus(status: ScannerStatus): void }) {
  const { status, onStatus } = props;
  const event = status.event;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [showConflicts, setShowConflicts] = useState(false);
  const [walkInOpen, setWalkInOpen] = useState(false);
  const mayRegisterWalkIns = useMayRegisterWalkIns();
  const undo = useVerdict((state) => state.undo);
  const focusScan = useCallback(() => {
    const field = scanRef.current;
    // Already there: leave it alone. A verdict often arrives after the first keys of the next
    // code (a scanner types a code in a few ms); selecting them would let the next key replace
    // them, and the code would come out short.
    if (!field || document.activeElement === field) return;
    field.focus();
    // Coming back from elsewhere, text left in the field (keys pressed by accident) is selected,
    // so the next scan replaces it.
    field.select();
  }, []);
  useVerdictSounds();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    // Modal: the sidebar and everything behind it are inert, so Tab stays at the door.
    dialog.showModal();
    focusScan();
    const onCancel = (cancel: Event) => {
      cancel.preventDefault();
      focusScan();
    };
    // Focus that falls out of the station's controls (a click on the verdict, on blank space)
    // goes back to the scan field.
    const onFocusOut = (blur: FocusEvent) => {
      const next = blur.relatedTarget as Node | null;
      if (next && dialog.contains(next)) return;
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (!active || active === document.body || active === dialog) focusScan();
      });
    };
    let idle: number | undefined;
    const onActivity = () => {
      window.clearTimeout(idle);
      idle = window.setTimeout(focusScan, IDLE_RETURN_MS);
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('focusout', onFocusOut);
    dialog.addEventListener('keydown', onActivity);
    dialog.addEventListener('pointerdown', onActivity);
    return () => {
      window.clearTimeout(idle);
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('focusout', onFocusOut);
      dialog.removeEventListener('keydown', onActivity);
      dialog.removeEventListener('pointerdown', onActivity);
      if (dialog.open) dialog.close();
    };
  }, [focusScan]);

  // Every verdict, however it came (scan, search, camera, undo), leaves the station ready. A
  // subscription rather than state: a verdict re-renders only the panels that show it, not the
  // whole station, so it reaches the screen sooner.
  useEffect(
    () =>
      useVerdict.subscribe((state, before) => {
        if (state.serial !== before.serial) focusScan();
      }),
    [focusScan],
  );

  const onKeyDown = (key: KeyboardEvent) => {
    const native = key.nativeEvent;
    const typing = key.target instanceof HTMLInputElement && key.target.value !== '';
    if (matches(native, 'mod+z') && !typing) {
      key.preventDefault();
      void undo().then((next) => next && onStatus(next));
    } else if (matches(native, 'mod+f')) {
      key.preventDefault();
      // At once when the search is on screen: the next key typed must land in it.
      if (searchRef.current) searchRef.current.focus();
      else {
        setShowConflicts(false);
        requestAnimationFrame(() => searchRef.current?.focus());
      }
    }
  };

  if (!event) return null;
  return (
    <dialog
      ref={dialogRef}
      className={`door-station direction-${event.direction}`}
      aria-label={`Check-in for ${event.title}`}
      onKeyDown={onKeyDown}
    >
      <StationBar
        event={event}
        status={status}
        onStatus={onStatus}
        conflictsOpen={showConflicts}
        onConflicts={() => setShowConflicts((open) => !open)}
        onPointChosen={focusScan}
      />
      <div className="station-body">
        <ScanField ref={scanRef} direction={event.direction} />
        <VerdictPanel timeZone={event.timeZone} deviceId={status.deviceId} onStatus={onStatus} />
        <RecentVerdicts deviceId={status.deviceId} timeZone={event.timeZone} onDone={focusScan} />
        {showConflicts ? (
          <ConflictsPanel event={event} status={status} onClose={() => setShowConflicts(false)} />
        ) : (
          <div className="station-tools">
            {walkInOpen ? (
              <WalkInPanel
                onClose={() => {
                  setWalkInOpen(false);
                  focusScan();
                }}
              />
            ) : (
              <SearchPanel
                event={event}
                deviceId={status.deviceId}
                searchRef={searchRef}
                onLeave={focusScan}
                onWalkIn={mayRegisterWalkIns ? () => setWalkInOpen(true) : undefined}
              />
            )}
            <CameraPanel />
          </div>
        )}
      </div>
    </dialog>
  );
}
