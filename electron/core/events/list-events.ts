import type { ChannelParsedInput } from '@shared/contract';
import { isDoorStaff, type EventDto, type Page, type UserDto } from '@shared/domain';
import { worksEventSql } from '../door-staff/assignment';
import type { Sql } from '../db/db';
import { likePattern } from '../sql-format';
import { eventColumns } from './event-sql';

type ListInput = ChannelParsedInput<'events.list'>;

/**
 * One query: filters, a stable order (start time, then id), the page and the total
 * (a window count), with each row's counters read from the event row itself.
 */
export async function listEvents(
  sql: Sql,
  input: ListInput,
  user: UserDto,
): Promise<Page<EventDto>> {
  const params: unknown[] = [];
  const where: string[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  if (isDoorStaff(user.role)) {
    where.push(`e.status = 'published'`);
    where.push(worksEventSql('e.id', bind(user.id)));
  }
  if (input.status) where.push(`e.status = ${bind(input.status)}`);
  if (input.category) where.push(`e.category = ${bind(input.category)}`);
  if (input.from) where.push(`e.starts_at >= ${bind(input.from)}`);
  if (input.to) where.push(`e.starts_at < ${bind(input.to)}`);
  if (input.search) {
    // Same expression as the trigram index, so the index serves it.
    where.push(
      `(e.title || ' ' || e.location || ' ' || e.description) ilike ${bind(likePattern(input.search))}`,
    );
  }
  const rows = await sql.many<EventDto & { total: string }>(
    `select ${eventColumns}, count(*) over () as total from events e
     ${where.length ? 'where ' + where.join(' and ') : ''}
     order by e.starts_at, e.id
     limit ${bind(input.limit)} offset ${bind(input.offset)}`,
    params,
  );
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && input.offset > 0) {
    // Past the last page the window count has no row to ride on: count separately.
    const counted = await sql.one<{ n: string }>(
      `select count(*) as n from events e ${where.length ? 'where ' + where.join(' and ') : ''}`,
      params.slice(0, -2),
    );
    total = Number(counted?.n ?? 0);
  }
  return {
    items: rows.map(({ total: _total, ...event }) => event),
    total,
    limit: input.limit,
    offset: input.offset,
  };
}
