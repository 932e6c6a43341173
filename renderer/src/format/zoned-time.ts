// Wall-clock dates and times in an event's own time zone, converted to and from the UTC instants
// the contract carries. An organizer in Berlin setting up a New York event types New York time.

export interface WallTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, 24-hour */
  time: string;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(zone, format);
  }
  return format;
}

function wallParts(utcMs: number, zone: string) {
  const parts: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(utcMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** The zone's offset from UTC at that instant, in milliseconds. */
function offsetAt(utcMs: number, zone: string): number {
  const p = wallParts(utcMs, zone);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - Math.floor(utcMs / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Whether the zone is one the platform knows (the contract checks the same way). */
export function isKnownZone(zone: string): boolean {
  try {
    partsFormat(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant at which the zone's clocks show that date and time, as ISO 8601 UTC; '' when the
 * date or time is missing, so the contract's "Enter a date and time" explains it. A time skipped
 * by a daylight-saving jump lands just after the jump, as calendars do.
 */
export function wallToInstant({ date, time }: WallTime, zone: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t || !isKnownZone(zone)) return '';
  const wall = Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +t[1]!, +t[2]!);
  // Two passes: the offset at the first guess may differ from the offset at the answer.
  const guess = wall - offsetAt(wall, zone);
  return new Date(wall - offsetAt(guess, zone)).toISOString();
}

/** What the zone's clocks show at that instant. */
export function instantToWall(iso: string, zone: string): WallTime {
  const p = wallParts(Date.parse(iso), zone);
  return {
    date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`,
    time: `${pad(p.hour)}:${pad(p.minute)}`,
  };
}

/** The desktop's own zone: the default for a new event. */
export const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

let zoneList: string[] | null = null;

/** Every IANA zone the platform knows, UTC first. */
export function allZones(): string[] {
  zoneList ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  return zoneList;
}

/** A YYYY-MM-DD day on this desktop's calendar as the instant it starts; undefined for ''. */
export function localDayStart(day: string): string | undefined {
  return day ? new Date(`${day}T00:00`).toISOString() : undefined;
}

/** The instant the day after it starts: the end of a range that includes `day`. */
export function localDayEnd(day: string): string | undefined {
  if (!day) return undefined;
  const next = new Date(`${day}T00:00`);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
}

/** Why a from–to pair of days cannot be used, if it cannot. */
export const dayRangeProblem = (from: string, to: string) =>
  from && to && to < from ? 'The range must end after it starts' : undefined;
