import { useState } from 'react';
import type { ScannerStatus } from '@shared/contract/scanner';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { EmptyState, Loading } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { SearchField } from '../../components/SearchField';
import { eventWhen } from '../../format/dates';
import { plural } from '../../format/numbers';
import { useDoor } from '../../stores/door';

const DAY_MS = 24 * 3_600_000;

/** Published events from yesterday on: the ones a door could be opening for. */
function usePublishedEvents(search: string) {
  // Fixed when the list opens, so each keystroke asks the same question with other words.
  const [from] = useState(() => new Date(Date.now() - DAY_MS).toISOString());
  const list = useChannel(
    'events.list',
    { status: 'published', search, from, limit: 50 },
    { keepPrevious: true },
  );
  return {
    events: list.error ? [] : (list.data?.items ?? null),
    problem: list.error?.message ?? null,
  };
}

export function EventPicker(props: {
  status: ScannerStatus;
  onStatus(status: ScannerStatus): void;
}) {
  const { status, onStatus } = props;
  const prepareProblem = useDoor((state) => state.problem);
  const prepare = useDoor((state) => state.prepare);
  const openStation = useDoor((state) => state.openStation);
  const [search, setSearch] = useState('');
  const { events, problem } = usePublishedEvents(search);
  const ready = status.event;

  return (
    <div className="stack door-picker">
      {ready && (
        <section className="panel door-ready" aria-label="This device">
          <Icon name="check" size={28} />
          <div>
            <h2>This device is ready for {ready.title}</h2>
            <p className="muted">
              {plural(ready.registered, 'attendee')} on this device ·{' '}
              {eventWhen(ready.startsAt, ready.endsAt, ready.timeZone)}
            </p>
          </div>
          <Button variant="primary" icon="door" onClick={openStation}>
            Open check-in
          </Button>
        </section>
      )}
      {prepareProblem && (
        <p className="form-error" role="alert">
          <Icon name="alert" />
          <span>Could not prepare this device: {prepareProblem}</span>
        </p>
      )}
      <section className="panel stack" aria-labelledby="door-choose">
        <div className="panel-header door-choose-header">
          <div>
            <h2 id="door-choose">Choose an event</h2>
            <p className="muted">
              Preparing downloads its attendee list to this device, so check-in works offline.
            </p>
          </div>
          <SearchField
            label="Find an event"
            value={search}
            onChange={setSearch}
            placeholder="Find an event"
          />
        </div>
        {events === null ? (
          <Loading label="Loading events…" />
        ) : problem ? (
          <p className="form-error" role="alert">
            <Icon name="alert" />
            <span>{problem}</span>
          </p>
        ) : events.length === 0 ? (
          <EmptyState title="No published events">
            Events appear here once an organizer publishes them.
          </EmptyState>
        ) : (
          <ul className="door-list">
            {events.map((event) => (
              <li key={event.id}>
                <div>
                  <p className="door-event-title">{event.title}</p>
                  <p className="muted">
                    {eventWhen(event.startsAt, event.endsAt, event.timeZone)}
                    {event.location && ` · ${event.location}`} ·{' '}
                    {plural(event.registeredCount, 'registration')}
                  </p>
                </div>
                <Button
                  variant={event.id === ready?.id ? 'secondary' : 'primary'}
                  icon="door"
                  aria-label={`Prepare this device for ${event.title}`}
                  onClick={() => void prepare(event.id, onStatus)}
                >
                  {event.id === ready?.id ? 'Refresh and open' : 'Prepare this device'}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
