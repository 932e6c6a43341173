// How instants read on screen. Event times are shown in the event's zone (where people will be);
// log times in the desktop's own zone (where the reader is).

const formats = new Map<string, Intl.DateTimeFormat>();

function format(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(undefined, options);
    formats.set(key, found);
  }
  return found;
}

const dayFormat = (zone?: string) =>
  format(`day:${zone}`, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
const timeFormat = (zone?: string) =>
  // 'numeric' hours: "6:00 PM" on a 12-hour clock (not "06:00 PM"), "18:00" on a 24-hour one.
  format(`time:${zone}`, { timeZone: zone, hour: 'numeric', minute: '2-digit' });
const zoneNameFormat = (zone: string) =>
  format(`zone:${zone}`, { timeZone: zone, timeZoneName: 'short' });

/** "EST", "GMT+2": the zone's short name at that instant. */
export function zoneAbbreviation(iso: string, zone: string): string {
  const part = zoneNameFormat(zone)
    .formatToParts(Date.parse(iso))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** "Sat, 14 Jun 2026, 18:00 – 22:00 CEST", or both dates when it runs past midnight. */
export function eventWhen(startsAt: string, endsAt: string, zone: string): string {
  const startDay = dayFormat(zone).format(Date.parse(startsAt));
  const endDay = dayFormat(zone).format(Date.parse(endsAt));
  const start = timeFormat(zone).format(Date.parse(startsAt));
  const end = timeFormat(zone).format(Date.parse(endsAt));
  const abbreviation = zoneAbbreviation(startsAt, zone);
  return startDay === endDay
    ? `${startDay}, ${start} – ${end} ${abbreviation}`
    : `${startDay}, ${start} – ${endDay}, ${end} ${abbreviation}`;
}

/** "Sat, 14 Jun 2026" in the zone. */
export const dayIn = (iso: string, zone?: string) => dayFormat(zone).format(Date.parse(iso));

/** "Nov 24": a date in a busy table, where the year is plain from context. */
export const shortDayIn = (iso: string, zone?: string) =>
  format(`short:${zone}`, { timeZone: zone, day: 'numeric', month: 'short' }).format(
    Date.parse(iso),
  );

/** "18:00" in the zone. */
export const timeIn = (iso: string, zone?: string) => timeFormat(zone).format(Date.parse(iso));

/** Date and time on this desktop's clock, for logs and tables. */
export const dateTime = (iso: string) =>
  format('datetime', { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "3 minutes ago", "yesterday": how long ago, for the activity log. */
export function ago(iso: string, now = Date.now()): string {
  let amount = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(amount) < size) return relative.format(Math.round(amount), unit);
    amount /= size;
  }
  return dateTime(iso);
}
