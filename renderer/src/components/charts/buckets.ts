// Turns the report's sparse buckets (only days or hours that had something) into the continuous
// run a chart needs, so an empty day shows as a gap rather than disappearing.

export interface Bucket {
  /** "2026-05-01" (a day) or "2026-05-01T18:00" (an hour), wall clock in the event's zone. */
  key: string;
  count: number;
}

export type BucketUnit = 'day' | 'hour';

const stepMs: Record<BucketUnit, number> = { day: 86_400_000, hour: 3_600_000 };
/** Beyond this many buckets the run is drawn as it comes, without the empty ones. */
const MAX_FILLED = 400;

// Wall-clock keys are read as if UTC: only their spacing matters, and UTC has no DST jumps.
const toMs = (key: string) => Date.parse(key.length === 10 ? `${key}T00:00Z` : `${key}Z`);
const toKey = (ms: number, unit: BucketUnit) =>
  new Date(ms).toISOString().slice(0, unit === 'day' ? 10 : 16);

export function fillBuckets(buckets: Bucket[], unit: BucketUnit): Bucket[] {
  if (buckets.length < 2) return buckets;
  const first = toMs(buckets[0]!.key);
  const last = toMs(buckets[buckets.length - 1]!.key);
  const steps = Math.round((last - first) / stepMs[unit]);
  if (steps > MAX_FILLED) return buckets;
  const counts = new Map(buckets.map((bucket) => [bucket.key, bucket.count]));
  const filled: Bucket[] = [];
  for (let i = 0; i <= steps; i++) {
    const key = toKey(first + i * stepMs[unit], unit);
    filled.push({ key, count: counts.get(key) ?? 0 });
  }
  return filled;
}

const dayLabel = new Intl.DateTimeFormat(undefined, {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
});
const weekdayLabel = new Intl.DateTimeFormat(undefined, {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});
const hourLabel = new Intl.DateTimeFormat(undefined, {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
});

/** The tick text under a bar: "14 Jun", or "18:00". */
export const bucketLabel = (key: string, unit: BucketUnit) =>
  (unit === 'day' ? dayLabel : hourLabel).format(toMs(key));

/** The full name of a bucket, for its tooltip: "Sat, 14 Jun" or "Sat, 14 Jun, 18:00". */
export const bucketName = (key: string, unit: BucketUnit) =>
  unit === 'day'
    ? weekdayLabel.format(toMs(key))
    : `${weekdayLabel.format(toMs(key))}, ${hourLabel.format(toMs(key))}`;
