import type { TypeCount } from '@shared/contract/reports';
import type { EventDto } from '@shared/domain';
import { anyChange } from '../../api/live';
import { useChannel } from '../../api/use-channel';
import { CapacityBar } from '../../components/Meter';
import { StatusBadge } from '../../components/StatusBadge';
import { dayIn, timeIn, zoneAbbreviation } from '../../format/dates';
import { count } from '../../format/numbers';
import { useNavigation } from '../../stores/navigation';

/** "VIP 12 / 50 · Standard 80 (3 waiting)": each type's seats, for events selling several. */
function typeCountsText(types: TypeCount[]) {
  return types
    .map((type) => {
      const seats =
        type.capacity === null
          ? count(type.registeredCount)
          : `${count(type.registeredCount)} / ${count(type.capacity)}`;
      const waiting = type.waitlistedCount > 0 ? ` (${count(type.waitlistedCount)} waiting)` : '';
      return `${type.name} ${seats}${waiting}`;
    })
    .join(' · ');
}

function EventRow({ event, types }: { event: EventDto; types: TypeCount[] | undefined }) {
  const openEvent = useNavigation((state) => state.openEvent);
  return (
    // The whole row opens the event for the mouse; the title button is the keyboard's way in.
    <tr className="clickable" onClick={() => openEvent(event.id)}>
      <td>
        <button
          type="button"
          className="row-link"
          onClick={(click) => {
            click.stopPropagation();
            openEvent(event.id);
          }}
        >
          {event.title}
        </button>
        <span className="cell-sub">
          {[event.category, event.location].filter(Boolean).join(' · ') || '—'}
        </span>
      </td>
      <td>
        <span className="cell-main">{dayIn(event.startsAt, event.timeZone)}</span>
        <span className="cell-sub">
          {timeIn(event.startsAt, event.timeZone)}{' '}
          {zoneAbbreviation(event.startsAt, event.timeZone)}
        </span>
      </td>
      <td>
        <StatusBadge status={event.status} />
      </td>
      <td className="seats" data-testid="seats">
        <span className="cell-main numeric">
          {count(event.registeredCount)}
          {event.maxAttendees !== null && (
            <span className="muted"> / {count(event.maxAttendees)}</span>
          )}
        </span>
        <CapacityBar registered={event.registeredCount} capacity={event.maxAttendees} compact />
        {types && types.length > 1 && (
          <span className="cell-sub" data-testid="type-counts">
            {typeCountsText(types)}
          </span>
        )}
      </td>
      <td className="numeric" data-testid="waitlisted">
        {count(event.waitlistedCount)}
      </td>
      <td className="numeric" data-testid="checked-in">
        {count(event.checkedInCount)}
      </td>
    </tr>
  );
}

/** The page of events with the counters that move while you watch. */
export function EventTable({ events, busy }: { events: EventDto[]; busy: boolean }) {
  // Per-type counts come apart from the cached event page, for the events on it.
  const eventIds = events.map((event) => event.id);
  const counts = useChannel(
    'reports.ticketTypeCounts',
    { eventIds },
    { watch: anyChange, enabled: eventIds.length > 0, keepPrevious: true },
  );
  const typesOf = new Map(counts.data?.map((row) => [row.eventId, row.types]));
  return (
    <table className="table events-table" aria-busy={busy || undefined}>
      <caption className="visually-hidden">Events</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">When</th>
          <th scope="col">Status</th>
          <th scope="col">Registered</th>
          <th scope="col" className="numeric">
            Waitlist
          </th>
          <th scope="col" className="numeric">
            Checked in
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <EventRow key={event.id} event={event} types={typesOf.get(event.id)} />
        ))}
      </tbody>
    </table>
  );
}
