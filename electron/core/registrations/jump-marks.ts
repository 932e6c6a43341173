import type { Db } from '../db/db';

/*
 * A jump far down the attendee list (the scrollbar dragged to 90% of a million) asked by offset
 * walks every row it skips: ~140 ms at 900,000. Marks, the (name, id) of every `markEvery`th row
 * of an order, turn a jump into a seek to the mark before it and a walk of fewer than `markEvery`
 * rows.
 *
 * Marks are exact only while the event's registrations are as they were read. Each registration
 * carries the transaction that last changed it (change_xid, stamped by a trigger; none is ever
 * deleted but with its event), so the marks keep the snapshot they were read in, and each jump
 * first asks the change index whether any registration of the event changed that this snapshot
 * does not see, a transaction that began before the marks and committed after them included.
 * That question and the page are one statement, so they see the same rows. Stale marks are read
 * again (one walk of the order, about as long as one jump by offset) at most every `rereadMs`:
 * an event taking registrations meanwhile jumps by offset, as before, never slower.
 */

/** Rows between marks: a jump walks fewer than this past its mark. */
export const markEvery = 1_000;
/** Nearer the top, an offset costs next to nothing and marks are not worth reading. */
export const marksFrom = 10 * markEvery;
const rereadMs = 10_000;
/** Lists (an event with a filter) whose marks a process keeps, the least recently used dropped. */
const keptLists = 32;

interface Marks {
  /** The snapshot the marks were read in (pg_snapshot as text). */
  snapshot: string;
  keys: [name: string, id: string][];
  readAt: number;
}

/** What a list's rows are: `filter` over `r` (the event and any conditions) with its params. */
export interface ListRows {
  filter: string;
  params: unknown[];
}

export interface NameRow {
  id: string;
  attendee_name: string;
}

/**
 * The `wanted` rows at `offset` of the list's (name, id) order, sought from its marks; null when
 * the offset is near the top or the marks are stale and not yet due to be read again (the
 * caller walks by offset).
 */
export async function jumpByMarks(
  db: Db,
  list: ListRows,
  offset: number,
  wanted: number,
): Promise<NameRow[] | null> {
  if (offset < marksFrom) return null;
  const { kept, reading } = stateOf(db);
  const key = keyOf(list);
  // Marks being read ahead are waited for, not read a second time.
  await reading.get(key);
  let marks = kept.get(key);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (!marks) {
      marks = await readMarks(db, list);
      remember(kept, key, marks);
    }
    const rows = await seek(db, list, marks, offset, wanted);
    if (rows) return rows;
    if (Date.now() - marks.readAt < rereadMs) return null;
    marks = undefined;
  }
  return null;
}

/**
 * Reads a long list's marks ahead of its first jump (called as its first page is shown), unless
 * they are current or were read within `rereadMs`. In the background: never throws.
 */
export function readMarksAhead(db: Db, list: ListRows): void {
  const { kept, reading } = stateOf(db);
  const key = keyOf(list);
  const marks = kept.get(key);
  if ((marks && Date.now() - marks.readAt < rereadMs) || reading.has(key)) return;
  const read = (async () => {
    if (marks && (await stillCurrent(db, list, marks))) return;
    remember(kept, key, await readMarks(db, list));
  })()
    // A failed read (the core closing, the database gone) only leaves the jump to walk.
    .catch(() => undefined)
    .finally(() => reading.delete(key));
  reading.set(key, read);
}

/** A database handle's marks by list, and the lists whose marks are being read ahead. */
interface MarksState {
  kept: Map<string, Marks>;
  reading: Map<string, Promise<void>>;
}

// Per database handle, so cores in one process never share marks.
const states = new WeakMap<Db, MarksState>();

function stateOf(db: Db): MarksState {
  let state = states.get(db);
  if (!state) {
    state = { kept: new Map(), reading: new Map() };
    states.set(db, state);
  }
  return state;
}

const keyOf = (list: ListRows) => `${list.filter} ${JSON.stringify(list.params)}`;

function remember(kept: Map<string, Marks>, key: string, marks: Marks) {
  kept.delete(key);
  kept.set(key, marks);
  if (kept.size > keptLists) kept.delete(kept.keys().next().value!);
}

/** One walk of the order, each step a seek past the last mark and `markEvery` rows on. */
async function readMarks(db: Db, { filter, params }: ListRows): Promise<Marks> {
  const step = `order by r.attendee_name, r.id offset ${markEvery - 1} limit 1`;
  const row = await db.one<{ snapshot: string; keys: [string, string][] }>(
    `with recursive marks (n, name, id) as (
       (select 1, r.attendee_name, r.id from event_registrations r where ${filter} ${step})
       union all
       select m.n + 1, s.attendee_name, s.id from marks m cross join lateral (
         select r.attendee_name, r.id from event_registrations r
          where ${filter} and (r.attendee_name, r.id) > (m.name, m.id) ${step}) s
     )
     -- The statement's own snapshot: the one the marks were read in.
     select pg_current_snapshot()::text as snapshot,
            coalesce((select json_agg(json_build_array(name, id) order by n) from marks), '[]')
              as keys`,
    params,
  );
  return { snapshot: row!.snapshot, keys: row!.keys, readAt: Date.now() };
}

/**
 * SQL that is true while no registration of the event (`$1`) has changed unseen by the snapshot
 * (a pg_snapshot parameter): a change committed since, or by a transaction then in flight.
 */
const unchangedSince = (snapshot: string) =>
  `not exists (
     select 1 from event_registrations c
      where c.event_id = $1 and c.change_xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot)
        and not pg_visible_in_snapshot(c.change_xid, ${snapshot}::pg_snapshot))`;

async function stillCurrent(db: Db, { params }: ListRows, marks: Marks): Promise<boolean> {
  const row = await db.one<{ current: boolean }>(`select ${unchangedSince('$2')} as current`, [
    params[0],
    marks.snapshot,
  ]);
  return row!.current;
}

/** The page from the mark before `offset`, or null when the marks are stale. */
async function seek(
  db: Db,
  { filter, params }: ListRows,
  marks: Marks,
  offset: number,
  wanted: number,
): Promise<NameRow[] | null> {
  // keys[i] is the row at 0-based place (i + 1) * markEvery - 1.
  const index = Math.min(Math.floor(offset / markEvery), marks.keys.length) - 1;
  if (index < 0) return null;
  const [name, id] = marks.keys[index]!;
  const skip = offset - (index + 1) * markEvery;
  const bound = [...params];
  const bind = (value: unknown) => `$${bound.push(value)}`;
  // The check and the page in one statement, so both see the same rows.
  const rows = await db.many<NameRow & { fresh: boolean }>(
    `with fresh as (select ${unchangedSince(bind(marks.snapshot))} as fresh)
     select f.fresh, p.id, p.attendee_name from fresh f left join lateral (
       select r.id, r.attendee_name from event_registrations r
        where ${filter} and (r.attendee_name, r.id) > (${bind(name)}, ${bind(id)}::uuid)
        order by r.attendee_name, r.id limit ${bind(wanted)} offset ${bind(skip)}
     ) p on f.fresh`,
    bound,
  );
  if (!rows[0]?.fresh) return null;
  return rows
    .filter((row) => row.id !== null)
    .map(({ id, attendee_name }) => ({ id, attendee_name }));
}
