import type { Sql } from '../db/db';
import { invalid } from '../errors';

/*
 * An event's times are entered and shown with JavaScript's Intl, while reports and exports
 * convert them in PostgreSQL. The two read some zone names differently: "AET" or "CTT" are
 * unknown to PostgreSQL, "IST" is +05:30 to one and +02:00 to the other, "CET" or "MET" lose
 * daylight saving in one of them. A zone is accepted only where both give the same offset at the
 * event's own times and in midwinter and midsummer of its year, so no event is ever shown or
 * exported at another time than it was entered.
 */

const HOUR = 3_600_000;

/** Offset from UTC in minutes that Intl gives `zone` at `at`. */
function intlOffsetMinutes(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
}

/** The instants compared: the event's own, and both halves of its year (either hemisphere). */
function sampleInstants(times: string[]): number[] {
  const years = new Set(times.map((t) => new Date(t).getUTCFullYear()));
  const samples = times.map((t) => Date.parse(t));
  for (const year of years) samples.push(Date.UTC(year, 0, 15, 12), Date.UTC(year, 6, 15, 12));
  return samples.map((at) => Math.floor(at / HOUR) * HOUR);
}

export async function assertZoneAgrees(sql: Sql, zone: string, times: string[]): Promise<void> {
  const samples = sampleInstants(times);
  const refuse = () =>
    invalid(
      'timeZone',
      `Usher cannot use "${zone}": it is read differently in different places. Choose a region, e.g. Europe/Berlin.`,
    );
  let rows: { offset: number }[];
  try {
    rows = await sql.many<{ offset: number }>(
      `select (extract(epoch from (t at time zone $1) - (t at time zone 'UTC')) / 60)::int as offset
         from unnest($2::timestamptz[]) with ordinality as s(t, n) order by n`,
      [zone, samples.map((at) => new Date(at).toISOString())],
    );
  } catch {
    throw refuse(); // PostgreSQL does not know the name at all
  }
  if (rows.some((row, i) => row.offset !== intlOffsetMinutes(zone, samples[i]!))) throw refuse();
}
