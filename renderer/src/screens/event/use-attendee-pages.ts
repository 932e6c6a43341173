import { useEffect, useState, useSyncExternalStore } from 'react';
import type { RegistrationStatus } from '@shared/domain';
import { changesTo } from '../../api/live';
import type { Requests } from '../../api/requests';
import { useChanges } from '../../api/use-live';
import { toastError } from '../../stores/toasts';
import { AttendeePages, answerFilterOf, type AttendeeQuery } from './attendee-pages';

const fetchPage = (
  via: Requests,
  query: AttendeeQuery,
  at: { offset: number } | { after: string },
  limit: number,
) =>
  via.call('registrations.list', {
    eventId: query.eventId,
    search: query.search.trim() || undefined,
    status: query.status || undefined,
    ticketTypeId: query.ticketTypeId || undefined,
    answers: answerFilterOf(query.answer),
    limit,
    ...at,
  });

/** The attendee pages for one query, following live changes to the event. */
export function useAttendeePages(query: AttendeeQuery): AttendeePages {
  // A missing event is explained by the event screen itself; anything else is worth a toast.
  const [pages] = useState(
    () =>
      new AttendeePages(
        fetchPage,
        (error) => error.code !== 'NOT_FOUND' && toastError(error),
        query,
      ),
  );
  const { eventId, search, status, ticketTypeId, answer } = query;
  useEffect(
    () => pages.setQuery({ eventId, search, status, ticketTypeId, answer }),
    [pages, eventId, search, status, ticketTypeId, answer],
  );
  useChanges(changesTo(eventId), () => pages.refresh());
  useSyncExternalStore(pages.subscribe, () => pages.version);
  return pages;
}

export interface AttendeeView {
  pages: AttendeePages;
  search: string;
  setSearch(search: string): void;
  status: RegistrationStatus | '';
  setStatus(status: RegistrationStatus | ''): void;
  ticketTypeId: string;
  setTicketTypeId(ticketTypeId: string): void;
  answer: string;
  setAnswer(answer: string): void;
}

/**
 * The attendee table's query and rows. Held by the event screen itself, so the first page is
 * asked for at the same time as the event, not after it arrived.
 */
export function useAttendeeView(eventId: string): AttendeeView {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<RegistrationStatus | ''>('');
  const [ticketTypeId, setTicketTypeId] = useState('');
  const [answer, setAnswer] = useState('');
  const pages = useAttendeePages({ eventId, search, status, ticketTypeId, answer });
  return {
    pages,
    search,
    setSearch,
    status,
    setStatus,
    ticketTypeId,
    setTicketTypeId,
    answer,
    setAnswer,
  };
}
