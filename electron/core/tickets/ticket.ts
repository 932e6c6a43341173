/** What a printed or emailed ticket shows. */
export interface Ticket {
  code: string;
  attendeeName: string;
  eventTitle: string;
  location: string;
  /** ISO instants (UTC), shown in `timeZone`. */
  startsAt: string;
  endsAt: string;
  timeZone: string;
}

// Building a formatter costs more than formatting: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Saturday, 6 June 2026 at 19:00 CEST": the start as people at the venue read it. */
export function formatStart(startsAt: string, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(startsAt));
}
