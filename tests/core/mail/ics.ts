import ICAL from 'ical.js';

// The calendar attachment read back by ical.js, the parser Thunderbird and many web calendars
// use: what a calendar app would make of the file, not what Usher meant to write.

export interface CalendarEntry {
  method: string | null;
  uid: string;
  summary: string;
  location: string | null;
  description: string | null;
  start: ICAL.Time;
  end: ICAL.Time;
}

/** Every VEVENT of the file; throws (as a calendar app would refuse it) if it does not parse. */
export function readCalendar(text: string): CalendarEntry[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  if (calendar.name !== 'vcalendar') throw new Error(`Not a calendar: ${calendar.name}`);
  const method = calendar.getFirstPropertyValue('method');
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      method: typeof method === 'string' ? method : null,
      uid: event.uid,
      summary: event.summary,
      location: event.location || null,
      description: event.description || null,
      start: event.startDate,
      end: event.endDate,
    };
  });
}

/** "2026-06-06 19:00": the instant as a calendar set to `timeZone` shows it. */
export function wallClock(time: ICAL.Time, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(time.toJSDate());
}
