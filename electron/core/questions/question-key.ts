import type { Sql } from '../db/db';
import { AppError } from '../errors';

/** "Dietary needs?" -> "dietary-needs": what an import maps its column to (question:<key>). */
export function keyFromLabel(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug || 'question';
}

/**
 * The key a new question gets: the one asked for (CONFLICT when the event already uses it), or
 * one made from the label with a number added until it is free.
 */
export async function freeKey(
  sql: Sql,
  eventId: string,
  asked: string | undefined,
  label: string,
): Promise<string> {
  const base = asked ?? keyFromLabel(label);
  const taken = new Set(
    (
      await sql.many<{ key: string }>(
        `select key from event_questions where event_id = $1 and key like $2 || '%'`,
        [eventId, base],
      )
    ).map((row) => row.key),
  );
  if (!taken.has(base)) return base;
  if (asked !== undefined) {
    throw new AppError('CONFLICT', `This event already has a question with the key "${asked}"`, {
      key: 'Already used by another question of this event',
    });
  }
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
