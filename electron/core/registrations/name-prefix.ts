import type { Db } from '../db/db';

/*
 * A search's first group: the attendees whose name starts with what was typed ("chiara ross"
 * finds "Chiara Rossi …" first). Their matches sit together in name order, often far from the
 * start: no walk of the name index meets them soon, and gathering them through the trigram index
 * reads a table page per match. In the event's index on the lowered name (byte order, so the
 * names with one prefix are one range of it, whatever the database's collation) they are one
 * range, read, counted and paged from the index alone.
 *
 * The key is lower() of the name as this database lowers it: the same function the index holds
 * and ILIKE folds case with, so every name in the range matches the search.
 */

export const prefixKey = `(lower(r.attendee_name) collate "C")`;

/** The range of keys that start with the search: [from, to). */
export interface PrefixRange {
  from: string;
  to: string;
}

// Above every character a name holds: a key that starts with `from` sorts below `from` + this.
const highest = String.fromCodePoint(0x10ffff);

export async function prefixRange(db: Db, search: string): Promise<PrefixRange> {
  const row = await db.one<{ from: string }>('select lower($1) as "from"', [search]);
  return { from: row!.from, to: row!.from + highest };
}

/** The bare condition "the name starts with the search", over `r`, its bounds bound by `bind`. */
export const inPrefix = (range: PrefixRange, bind: (value: unknown) => string) =>
  `(${prefixKey} >= ${bind(range.from)} and ${prefixKey} < ${bind(range.to)})`;
