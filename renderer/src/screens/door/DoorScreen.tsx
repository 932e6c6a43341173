import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { EmptyState, Loading } from '../../components/EmptyState';
import { PageHeader } from '../../layout/PageHeader';
import { useDoor } from '../../stores/door';
import { EventPicker } from './EventPicker';
import { PrepareProgress } from './PrepareProgress';
import { Station } from './Station';
import './door.css';

/** Door mode: choose an event, prepare this desktop for it, then check people in. */
export function DoorScreen() {
  const phase = useDoor((state) => state.phase);
  const problem = useDoor((state) => state.problem);
  const load = useDoor((state) => state.load);
  const watch = useDoor((state) => state.watch);

  useEffect(() => watch(), [watch]);
  useEffect(() => {
    void load();
  }, [load]);

  if (phase === 'station') return <Station />;
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
          action={<Button onClick={() => void load()}>Try again</Button>}
        >
          {problem}
        </EmptyState>
      )}
      {phase === 'choosing' && <EventPicker />}
      {phase === 'preparing' && <PrepareProgress />}
    </>
  );
}
