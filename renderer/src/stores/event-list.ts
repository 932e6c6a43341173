import { create } from 'zustand';
import type { EventDto, EventStatus, Page } from '@shared/domain';
import { call } from '../api/client';
import { watchChanges } from '../api/live';
import { dayRangeProblem, localDayEnd, localDayStart } from '../format/zoned-time';
import { toastError } from './toasts';

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
  filters: EventFilters;
  offset: number;
  page: Page<EventDto> | null;
  categories: string[];
  loading: boolean;
  setFilters(change: Partial<EventFilters>): void;
  setOffset(offset: number): void;
  load(): Promise<void>;
  loadCategories(): Promise<void>;
  /** Refetches when any shown event (or the set of events) changes; returns the stop. */
  watch(): () => void;
}

// Answers can arrive out of order while someone types: only the newest request's counts.
let latest = 0;

/** The Events screen's filters and the page on screen; kept while an event is open. */
export const useEventList = create<EventListState>()((set, get) => ({
  filters: noFilters,
  offset: 0,
  page: null,
  categories: [],
  loading: false,

  setFilters(change) {
    set({ filters: { ...get().filters, ...change }, offset: 0 });
    void get().load();
  },

  setOffset(offset) {
    set({ offset });
    void get().load();
  },

  async load() {
    const { filters, offset } = get();
    const request = ++latest;
    if (dayRangeProblem(filters.from, filters.to)) return;
    set({ loading: true });
    const result = await call('events.list', {
      search: filters.search.trim() || undefined,
      category: filters.category || undefined,
      status: filters.status || undefined,
      from: localDayStart(filters.from),
      to: localDayEnd(filters.to),
      limit: EVENTS_PER_PAGE,
      offset,
    });
    if (request !== latest) return;
    set({ loading: false });
    if (result.ok) set({ page: result.value });
    else toastError(result.error);
  },

  async loadCategories() {
    const result = await call('events.categories', {});
    if (result.ok) set({ categories: result.value });
  },

  watch() {
    return watchChanges(
      (eventId, topic) =>
        topic === 'events.changed' || !!get().page?.items.some((event) => event.id === eventId),
      () => {
        void get().load();
        void get().loadCategories();
      },
    );
  },
}));
