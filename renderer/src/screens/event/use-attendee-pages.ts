import { useEffect, useState, useSyncExternalStore } from 'react';
import { call } from '../../api/client';
import { watchChanges } from '../../api/live';
import { toastError } from '../../stores/toasts';
import { AttendeePages, type AttendeeQuery } from './attendee-pages';

const fetchPage = (query: AttendeeQuery, offset: number, limit: number) =>
  call('registrations.list', {
    eventId: query.eventId,
    search: query.search.trim() || undefined,
    status: query.status || undefined,
    limit,
    offset,
  });

/** The attendee pages for one query, following live changes to the event. */
export function useAttendeePages(query: AttendeeQuery): AttendeePages {
  const [pages] = useState(() => new AttendeePages(fetchPage, toastError, query));
  const { eventId, search, status } = query;
  useEffect(() => pages.setQuery({ eventId, search, status }), [pages, eventId, search, status]);
  useEffect(
    () =>
      watchChanges(
        (changed) => changed === eventId,
        () => pages.refresh(),
      ),
    [pages, eventId],
  );
  useSyncExternalStore(pages.subscribe, () => pages.version);
  return pages;
}
