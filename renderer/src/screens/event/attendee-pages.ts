import type { Envelope, ErrorBody } from '@shared/contract';
import type { RegistrationPage } from '@shared/contract/registrations';
import type { RegistrationDto, RegistrationStatus } from '@shared/domain';
import { requests, type Requests } from '../../api/requests';

export interface AttendeeQuery {
  eventId: string;
  search: string;
  status: RegistrationStatus | '';
  /** '' for every type. */
  ticketTypeId: string;
  /** '' for any answers, else one option of a choice question (answerChoiceKey). */
  answer: string;
}

/** One option of a choice question as the filter's value: `questionId:option`. */
export const answerChoiceKey = (questionId: string, choice: string) => `${questionId}:${choice}`;

/** The core's answer filter for `answerChoiceKey`'s value (ids hold no colon; options may). */
export function answerFilterOf(key: string) {
  if (key === '') return undefined;
  const at = key.indexOf(':');
  return [{ questionId: key.slice(0, at), choices: [key.slice(at + 1)] }];
}

export const PAGE_SIZE = 200;
/** Pages kept while scrolling, about 10,000 rows: the table holds a window, not the database. */
const MAX_PAGES = 50;

/**
 * Asks for rows through `via`, so answers for a query no longer wanted are dropped: at `offset`,
 * or right after the page that gave `after` (its `next`), which costs the same at any depth.
 */
type FetchPage = (
  via: Requests,
  query: AttendeeQuery,
  at: { offset: number } | { after: string },
  limit: number,
) => Promise<Envelope<RegistrationPage> | null>;

interface Snapshot {
  query: AttendeeQuery;
  pages: Map<number, RegistrationDto[]>;
  /** Each loaded page's `next`: the page after it is asked for from there. */
  nexts: Map<number, string | null>;
  total: number | null;
  /** More rows match than `total` counts (a broad search). */
  capped: boolean;
  /** `${page}@${generation}` being fetched. */
  inflight: Set<string>;
  /** Superseded once the snapshot is neither shown nor next: its answers come too late. */
  requests: Requests;
}

const snapshot = (query: AttendeeQuery): Snapshot => ({
  query,
  pages: new Map(),
  nexts: new Map(),
  total: null,
  capped: false,
  inflight: new Set(),
  requests: requests(),
});
const sameQuery = (a: AttendeeQuery, b: AttendeeQuery) =>
  a.eventId === b.eventId &&
  a.search === b.search &&
  a.status === b.status &&
  a.ticketTypeId === b.ticketTypeId &&
  a.answer === b.answer;

/**
 * The attendee table's rows, fetched a page at a time as the list scrolls.
 *
 * A new search keeps the old rows on screen until its first page arrives, so typing never flashes
 * an empty table; only one new search is in flight at a time and, while it is, newer keystrokes
 * just replace the one waiting to go next. A live change refetches the pages on screen (showing
 * the old ones meanwhile) and forgets the rest.
 */
export class AttendeePages {
  private shown: Snapshot;
  private next: Snapshot | null = null;
  private searching = false;
  private generation = 0;
  private stale = new Set<number>();
  private visible: [number, number] = [0, 0];
  private listeners = new Set<() => void>();
  /** Bumped on every change, for useSyncExternalStore. */
  version = 0;

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly onError: (error: ErrorBody) => void,
    query: AttendeeQuery,
  ) {
    this.shown = snapshot(query);
    void this.request(this.shown, 0);
  }

  get query(): AttendeeQuery {
    return this.shown.query;
  }

  /** Rows matching the shown query; null until its first page arrived. */
  get total(): number | null {
    return this.shown.total;
  }

  /** More match than `total`: the count stopped at its cap. */
  get capped(): boolean {
    return this.shown.capped;
  }

  row(index: number): RegistrationDto | undefined {
    return this.shown.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setQuery(query: AttendeeQuery): void {
    if (sameQuery(query, (this.next ?? this.shown).query)) return;
    this.next?.requests.supersede();
    if (sameQuery(query, this.shown.query)) {
      this.next = null;
      return;
    }
    this.next = snapshot(query);
    if (!this.searching) void this.search();
  }

  setVisible(first: number, last: number): void {
    this.visible = [first, last];
    const [from, to] = this.pageRange();
    for (let page = from; page <= to; page++) {
      if (!this.shown.pages.has(page) || this.stale.has(page)) void this.request(this.shown, page);
    }
    this.evict();
  }

  /** Something changed on the server: fetch what is on screen again. */
  refresh(): void {
    this.generation++;
    const [from, to] = this.pageRange();
    for (const page of [...this.shown.pages.keys()]) {
      if (page < from || page > to) this.forget(this.shown, page);
      else this.stale.add(page);
    }
    for (let page = from; page <= to; page++) void this.request(this.shown, page);
  }

  private pageRange(): [number, number] {
    return [Math.floor(this.visible[0] / PAGE_SIZE), Math.floor(this.visible[1] / PAGE_SIZE)];
  }

  private async search(): Promise<void> {
    this.searching = true;
    while (this.next) {
      const target = this.next;
      await this.request(target, 0);
      // A newer query may have arrived meanwhile; it goes now, the answered one was shown.
      if (this.next === target) this.next = null;
    }
    this.searching = false;
  }

  private async request(target: Snapshot, page: number): Promise<void> {
    const key = `${page}@${this.generation}`;
    if (target.inflight.has(key)) return;
    target.inflight.add(key);
    const generation = this.generation;
    // Scrolling on from a loaded page follows its cursor: an offset deep in a big event walks
    // every row it skips (a million attendees: ~150 ms a page at 90%, against ~10 ms).
    const after = target.nexts.get(page - 1);
    const at = after ? { after } : { offset: page * PAGE_SIZE };
    const result = await this.fetchPage(target.requests, target.query, at, PAGE_SIZE);
    target.inflight.delete(key);
    if (!result) return;
    if (!result.ok) {
      this.onError(result.error);
      return;
    }
    target.pages.set(page, result.value.items);
    target.nexts.set(page, result.value.next);
    target.total = result.value.total;
    target.capped = result.value.totalCapped;
    if (target === this.next) {
      this.shown.requests.supersede();
      this.shown = target;
      this.next = null;
      this.stale.clear();
    } else if (generation === this.generation) {
      this.stale.delete(page);
    }
    this.emit();
  }

  private forget(target: Snapshot, page: number): void {
    target.pages.delete(page);
    target.nexts.delete(page);
  }

  private evict(): void {
    const pages = this.shown.pages;
    if (pages.size <= MAX_PAGES) return;
    const [from, to] = this.pageRange();
    const centre = (from + to) / 2;
    const farthest = [...pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const page of farthest.slice(0, pages.size - MAX_PAGES)) this.forget(this.shown, page);
  }

  private emit(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
