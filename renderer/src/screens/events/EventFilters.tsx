import type { RefObject } from 'react';
import { eventStatuses } from '@shared/domain';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { SearchField } from '../../components/SearchField';
import { statusText } from '../../components/StatusBadge';
import { keyLabel } from '../../app/shortcuts';
import { keys } from '../../app/shortcut-list';
import { dayRangeProblem } from '../../format/zoned-time';
import { isFiltered, noFilters, useEventList } from '../../stores/event-list';

/** Search as you type, plus category, status and a date range; each change reloads page one. */
export function EventFilters(props: {
  searchRef: RefObject<HTMLInputElement | null>;
  categories: string[];
}) {
  const { searchRef, categories } = props;
  const filters = useEventList((state) => state.filters);
  const setFilters = useEventList((state) => state.setFilters);
  const filtered = isFiltered(filters);

  return (
    <div className="filters" role="search" aria-label="Filter events">
      <div className="filters-search">
        <SearchField
          ref={searchRef}
          label="Search events"
          visibleLabel
          placeholder="Title, place or description"
          value={filters.search}
          onChange={(search) => setFilters({ search })}
          hint={keyLabel(keys.search)}
        />
      </div>
      <SelectField
        label="Category"
        value={filters.category}
        onChange={(category) => setFilters({ category })}
        options={[
          { value: '', label: 'All categories' },
          ...categories.map((category) => ({ value: category, label: category })),
        ]}
      />
      <SelectField
        label="Status"
        value={filters.status}
        onChange={(status) => setFilters({ status: status as typeof filters.status })}
        options={[
          { value: '', label: 'Any status' },
          ...eventStatuses.map((status) => ({ value: status, label: statusText(status) })),
        ]}
      />
      <TextField
        label="From"
        type="date"
        value={filters.from}
        onChange={(from) => setFilters({ from })}
      />
      <TextField
        label="To"
        type="date"
        value={filters.to}
        onChange={(to) => setFilters({ to })}
        error={dayRangeProblem(filters.from, filters.to)}
      />
      {filtered && (
        <Button variant="ghost" className="filters-clear" onClick={() => setFilters(noFilters)}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
