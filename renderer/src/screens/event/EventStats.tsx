import type { EventDto } from '@shared/domain';
import { CapacityBar } from '../../components/Meter';
import { count } from '../../format/numbers';

function seatsNote(event: EventDto): string {
  if (event.maxAttendees === null) return 'No capacity limit';
  const left = event.maxAttendees - event.registeredCount;
  return left > 0 ? `${count(left)} seats left` : 'Full — new registrations join the waitlist';
}

/** The three numbers organizers look at most, updated live. */
export function EventStats({ event }: { event: EventDto }) {
  const share =
    event.registeredCount > 0
      ? Math.round((event.checkedInCount / event.registeredCount) * 100)
      : 0;
  return (
    <section className="stats" aria-label="Counts">
      <div className="stat wide">
        <p className="stat-label">Registered</p>
        <p className="stat-value" data-testid="registered-count">
          {count(event.registeredCount)}
          {event.maxAttendees !== null && (
            <span className="stat-of"> / {count(event.maxAttendees)}</span>
          )}
        </p>
        <CapacityBar registered={event.registeredCount} capacity={event.maxAttendees} />
        <p className="stat-note">{seatsNote(event)}</p>
      </div>
      <div className="stat">
        <p className="stat-label">Waitlist</p>
        <p className="stat-value" data-testid="waitlisted-count">
          {count(event.waitlistedCount)}
        </p>
        <p className="stat-note">
          {event.waitlistedCount > 0 ? 'First in line gets the next free seat' : 'No one waiting'}
        </p>
      </div>
      <div className="stat">
        <p className="stat-label">Checked in</p>
        <p className="stat-value" data-testid="checked-in-count">
          {count(event.checkedInCount)}
        </p>
        <p className="stat-note">{share}% of registered</p>
      </div>
    </section>
  );
}
