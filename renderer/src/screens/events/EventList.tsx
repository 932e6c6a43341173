import { useEffect, useRef, useState } from 'react';
import { roleRank } from '@shared/domain';
import { markDone, markStartIfIdle } from '../../app/perf';
import { keys } from '../../app/shortcut-list';
import { useShortcut } from '../../app/shortcuts';
import { Button } from '../../components/Button';
import { EmptyState, Loading } from '../../components/EmptyState';
import { Pager } from '../../components/Pager';
import { PageHeader } from '../../layout/PageHeader';
import { EVENTS_PER_PAGE, isFiltered, noFilters, useEventList } from '../../stores/event-list';
import { useNavigation } from '../../stores/navigation';
import { useSession } from '../../stores/session';
import { EventFilters } from './EventFilters';
import { EventFormDialog } from './EventFormDialog';
import { EventTable } from './EventTable';
import type { EventPage } from './use-event-page';

/** Every event, filtered and paged, with counters that follow other desktops' changes. */
export function EventList({ list }: { list: EventPage }) {
  useState(() => markStartIfIdle('events-first-paint'));
  const role = useSession((state) => state.user!.role);
  const canCreate = roleRank[role] >= roleRank.organizer;
  const { page, loading, categories } = list;
  const filters = useEventList((state) => state.filters);
  const offset = useEventList((state) => state.offset);
  const setOffset = useEventList((state) => state.setOffset);
  const setFilters = useEventList((state) => state.setFilters);
  const openEvent = useNavigation((state) => state.openEvent);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (page) markDone('events-first-paint');
  }, [page]);

  useShortcut(keys.create, () => setCreating(true), canCreate);
  useShortcut(keys.search, () => searchRef.current?.focus());
  useShortcut(keys.searchSlash, () => searchRef.current?.focus());

  const filtered = isFiltered(filters);

  return (
    <>
      <PageHeader
        title="Events"
        lead="Create events, open registration and follow who is coming."
        actions={
          canCreate && (
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              New event
            </Button>
          )
        }
      />
      <div className="stack">
        <EventFilters searchRef={searchRef} categories={categories} />
        {!page ? (
          <Loading label="Loading events…" />
        ) : page.items.length === 0 ? (
          filtered ? (
            <EmptyState
              title="No events match"
              action={<Button onClick={() => setFilters(noFilters)}>Clear filters</Button>}
            >
              Try fewer words, another category or a wider date range.
            </EmptyState>
          ) : (
            <EmptyState
              title="No events yet"
              action={
                canCreate && (
                  <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
                    Create your first event
                  </Button>
                )
              }
            >
              {canCreate
                ? 'Events you create appear here, with their registrations as they come in.'
                : 'Published events appear here as soon as an organizer opens them.'}
            </EmptyState>
          )
        ) : (
          <div className="panel flush">
            <EventTable events={page.items} busy={loading} />
            <Pager
              offset={offset}
              limit={EVENTS_PER_PAGE}
              total={page.total}
              onOffset={setOffset}
              noun="event"
            />
          </div>
        )}
      </div>
      {creating && (
        <EventFormDialog
          onClose={() => setCreating(false)}
          onSaved={(event) => {
            setCreating(false);
            openEvent(event.id);
          }}
        />
      )}
    </>
  );
}
