import { startTransition, useCallback, useEffect } from 'react';
import type { ScannerStatus } from '@shared/contract/scanner';
import { subscribe } from '../../api/client';
import { useChannel, type ChannelState } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { EmptyState, Loading } from '../../components/EmptyState';
import { PageHeader } from '../../layout/PageHeader';
import { useDoor, type DoorView } from '../../stores/door';
import { EventPicker } from './EventPicker';
import { PrepareProgress } from './PrepareProgress';
import { RecoveryNotice } from './RecoveryNotice';
import { Station } from './Station';
import './door.css';

type DoorPhase = 'loading' | 'unavailable' | 'recovered' | 'choosing' | 'preparing' | 'station';

function phaseOf(view: DoorView, station: ChannelState<ScannerStatus>): DoorPhase {
  if (view === 'preparing') return 'preparing';
  if (station.error) return 'unavailable';
  if (!station.data) return 'loading';
  // A damaged file replaced: staff read what happened before anything else.
  if (station.data.recovery) return 'recovered';
  return view === 'station' && station.data.event ? 'station' : 'choosing';
}

/** Door mode: choose an event, prepare this desktop for it, then check people in. */
export function DoorScreen() {
  // This desktop's station as the app reports it: asked once, then followed through its pushes.
  const station = useChannel('scanner.status', {});
  const { replace } = station;
  const view = useDoor((state) => state.view);
  const phase = phaseOf(view, station);
  const onStatus = useCallback((status: ScannerStatus) => replace(() => status), [replace]);

  // The pushed counts re-render the whole station: a transition, so React does it between
  // frames and a verdict arriving meanwhile is painted first.
  useEffect(
    () => subscribe('scanner.status', (status) => startTransition(() => replace(() => status))),
    [replace],
  );
  useEffect(() => subscribe('scanner.progress', useDoor.getState().progressed), []);
  // A desktop already prepared (e.g. after a restart) opens straight onto its station.
  useEffect(() => {
    if (useDoor.getState().view !== 'preparing') useDoor.getState().openStation();
  }, []);

  if (phase === 'station') return <Station status={station.data!} onStatus={onStatus} />;
  return (
    <>
      <PageHeader
        title="Door"
        lead="Check attendees in by scan or name. This desktop keeps a copy of the list, so the door keeps going when the network does not."
      />
      {phase === 'loading' && <Loading label="Opening the door station" />}
      {phase === 'unavailable' && (
        <EmptyState
          title="Door mode is not available here"
          action={<Button onClick={() => void station.refetch()}>Try again</Button>}
        >
          {station.error?.message}
        </EmptyState>
      )}
      {phase === 'recovered' && (
        <RecoveryNotice
          recovery={station.data!.recovery!}
          pending={station.data!.pending}
          onStatus={onStatus}
        />
      )}
      {phase === 'choosing' && <EventPicker status={station.data!} onStatus={onStatus} />}
      {phase === 'preparing' && <PrepareProgress />}
    </>
  );
}
