import { useEffect, useState } from 'react';
import type { ChannelInput } from '@shared/contract';
import type { AuditEntry } from '@shared/contract/audit';
import { anyChange } from '../../api/live';
import { requests } from '../../api/requests';
import { useChannel } from '../../api/use-channel';
import { toastError } from '../../stores/toasts';

export type AuditQuery = Omit<ChannelInput<'audit.list'>, 'before' | 'limit'>;

const PAGE = 50;

interface AuditLog {
  items: AuditEntry[] | null;
  hasMore: boolean;
  loading: boolean;
  loadMore(): Promise<void>;
}

interface Older {
  key: string;
  items: AuditEntry[];
  next: string | null;
}

/**
 * The audit rows for a query, newest first, 50 at a time ("Show older" asks for the next page by
 * cursor). While only the first page is open it follows live changes; further back, rows would
 * shift under the reader, so it waits to be asked.
 */
export function useAuditLog(query: AuditQuery): AuditLog {
  const key = JSON.stringify(query);
  const [older, setOlder] = useState<Older | null>(null);
  const [loading, setLoading] = useState(false);
  // Another query starts again from its first page (adjusted while rendering, as React advises).
  if (older && older.key !== key) setOlder(null);
  const olderHere = older?.key === key ? older : null;
  const first = useChannel(
    'audit.list',
    { ...query, limit: PAGE },
    { watch: olderHere ? null : anyChange, onError: toastError },
  );

  // Older pages belong to one query: asking another drops those still on their way.
  const [more] = useState(requests);
  useEffect(() => () => more.supersede(), [more, key]);

  const next = olderHere ? olderHere.next : (first.data?.nextCursor ?? null);
  return {
    items: first.data ? [...first.data.items, ...(olderHere?.items ?? [])] : null,
    hasMore: !!next,
    loading,
    loadMore: async () => {
      if (!next) return;
      setLoading(true);
      const result = await more.call('audit.list', { ...query, before: next, limit: PAGE });
      setLoading(false);
      if (!result) return;
      if (!result.ok) {
        toastError(result.error);
        return;
      }
      const { items, nextCursor } = result.value;
      setOlder({ key, items: [...(olderHere?.items ?? []), ...items], next: nextCursor });
    },
  };
}
