import { useState } from 'react';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { EmptyState, Loading } from '../../components/EmptyState';
import { SelectField, TextField } from '../../components/Field';
import { dayRangeProblem, localDayEnd, localDayStart } from '../../format/zoned-time';
import { PageHeader } from '../../layout/PageHeader';
import { AuditTable } from './AuditTable';
import { actionLabel } from './describe';
import { useAuditLog } from './use-audit-log';

interface Filters {
  eventId: string;
  userId: string;
  action: string;
  from: string;
  to: string;
}

const none: Filters = { eventId: '', userId: '', action: '', from: '', to: '' };

/** The choices for the filter lists: events, staff and the actions the log holds. */
function useFilterChoices() {
  const events = useChannel('events.list', { limit: 500 }).data?.items ?? [];
  const users = useChannel('users.list', {}).data ?? [];
  const actions = useChannel('audit.actions', {}).data ?? [];
  return { events, users, actions };
}

/** Who changed what, and when: the audit log, newest first, with filters. */
export function ActivityScreen() {
  const [filters, setFilters] = useState<Filters>(none);
  const choices = useFilterChoices();
  const rangeProblem = dayRangeProblem(filters.from, filters.to);
  const log = useAuditLog({
    eventId: filters.eventId || undefined,
    userId: filters.userId || undefined,
    actions: filters.action ? [filters.action] : undefined,
    from: localDayStart(filters.from),
    // While the range is backwards, keep showing what the last good range showed.
    to: rangeProblem ? undefined : localDayEnd(filters.to),
  });
  const set = (key: keyof Filters) => (value: string) =>
    setFilters((current) => ({ ...current, [key]: value }));
  const filtered = JSON.stringify(filters) !== JSON.stringify(none);

  return (
    <>
      <PageHeader title="Activity" lead="Who changed what, and when. Every change is recorded." />
      <div className="stack">
        <div className="filters" role="search" aria-label="Filter activity">
          <SelectField
            label="Event"
            value={filters.eventId}
            onChange={set('eventId')}
            options={[
              { value: '', label: 'All events' },
              ...choices.events.map((event) => ({ value: event.id, label: event.title })),
            ]}
          />
          <SelectField
            label="Staff member"
            value={filters.userId}
            onChange={set('userId')}
            options={[
              { value: '', label: 'Everyone' },
              ...choices.users.map((user) => ({ value: user.id, label: user.fullName })),
            ]}
          />
          <SelectField
            label="Action"
            value={filters.action}
            onChange={set('action')}
            options={[
              { value: '', label: 'All actions' },
              ...choices.actions.map((action) => ({ value: action, label: actionLabel(action) })),
            ]}
          />
          <TextField label="From" type="date" value={filters.from} onChange={set('from')} />
          <TextField
            label="To"
            type="date"
            value={filters.to}
            onChange={set('to')}
            error={rangeProblem}
          />
          {filtered && (
            <Button variant="ghost" className="filters-clear" onClick={() => setFilters(none)}>
              Clear filters
            </Button>
          )}
        </div>
        {!log.items ? (
          <Loading label="Loading activity…" />
        ) : log.items.length === 0 ? (
          <EmptyState title={filtered ? 'Nothing matches' : 'No activity yet'}>
            {filtered
              ? 'No recorded changes match these filters.'
              : 'Changes to events, registrations and staff appear here as they happen.'}
          </EmptyState>
        ) : (
          <div className="panel flush">
            <AuditTable entries={log.items} label="Activity" />
            {log.hasMore && (
              <div className="load-more">
                <Button busy={log.loading} onClick={() => void log.loadMore()}>
                  Show older
                </Button>
              </div>
            )}
          </div>
        )}
      </div>
    </>
  );
}
