import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput } from '@shared/contract';
import type { AuditEntry } from '@shared/contract/audit';
import { call } from '../../api/client';
import { watchChanges } from '../../api/live';
import { toastError } from '../../stores/toasts';

export type AuditQuery = Omit<ChannelInput<'audit.list'>, 'before' | 'limit'>;

const PAGE = 50;

interface AuditLog {
  items: AuditEntry[] | null;
  hasMore: boolean;
  loading: boolean;
  loadMore(): Promise<void>;
}

/**
 * The audit rows for a query, newest first, 50 at a time ("Show older" asks for the next page by
 * cursor). While only the first page is open it follows live changes; further back, rows would
 * shift under the reader, so it waits to be asked.
 */
export function useAuditLog(query: AuditQuery): AuditLog {
  const key = JSON.stringify(query);
  const [state, setState] = useState<{ key: string; items: AuditEntry[]; next: string | null }>();
  const [loading, setLoading] = useState(false);
  const latest = useRef(key);

  const fetchPage = useCallback(
    (before?: string) =>
      call('audit.list', { ...(JSON.parse(key) as AuditQuery), before, limit: PAGE }).then(
        (result) => {
          if (latest.current !== key) return;
          if (!result.ok) {
            toastError(result.error);
            return;
          }
          const { items, nextCursor } = result.value;
          setState((current) => ({
            key,
            items: before && current?.key === key ? [...current.items, ...items] : items,
            next: nextCursor,
          }));
        },
      ),
    [key],
  );

  useEffect(() => {
    latest.current = key;
    void fetchPage();
  }, [key, fetchPage]);

  const firstPageOnly = !state || state.items.length <= PAGE;
  useEffect(() => {
    if (!firstPageOnly) return;
    return watchChanges(
      () => true,
      () => void fetchPage(),
    );
  }, [firstPageOnly, fetchPage]);

  const current = state?.key === key ? state : null;
  return {
    items: current?.items ?? null,
    hasMore: !!current?.next,
    loading,
    loadMore: async () => {
      if (!current?.next) return;
      setLoading(true);
      await fetchPage(current.next);
      setLoading(false);
    },
  };
}
