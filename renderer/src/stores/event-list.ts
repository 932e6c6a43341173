import { create } from 'zustand';
import type { EventStatus } from '@shared/domain';
import { dayRangeProblem } from '../format/zoned-time';
import { resetOnSignOut } from './reset-on-sign-out';

export interface EventFilters {
  search: string;
  category: string;
  status: EventStatus | '';
  /** YYYY-MM-DD on this desktop's calendar; '' for open-ended. */
  from: string;
  to: string;
}

export const noFilters: EventFilters = { search: '', category: '', status: '', from: '', to: '' };
export const EVENTS_PER_PAGE = 25;

export const isFiltered = (filters: EventFilters) =>
  JSON.stringify(filters) !== JSON.stringify(noFilters);

interface EventListState {
  /** What the filter fields show, as typed. */
  filters: EventFilters;
  /** The filters the list is fetched with: the last ones with a date range that makes sense. */
  applied: EventFilters;
  offset: number;
  setFilters(change: Partial<EventFilters>): void;
  setOffset(offset: number): void;
}

/** The Events screen's filters and page number; kept while an event is open. */
export const useEventList = create<EventListState>()((set, get) => ({
  filters: noFilters,
  applied: noFilters,
  offset: 0,

  setFilters(change) {
    const filters = { ...get().filters, ...change };
    // A backwards range keeps the last good list on screen while the person fixes it.
    const usable = !dayRangeProblem(filters.from, filters.to);
    set({ filters, ...(usable && { applied: filters, offset: 0 }) });
  },

  setOffset: (offset) => set({ offset }),
}));

resetOnSignOut(useEventList);
