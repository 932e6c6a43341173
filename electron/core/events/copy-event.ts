import type { ChannelParsedInput } from '@shared/contract';
import type { EventDto, UserDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { notFound } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { assertManages, eventColumns } from './event-sql';
import { copyQuestions } from '../questions/copy-questions';

export type CopyInput = ChannelParsedInput<'events.copy'>;

/** What a copy carries over besides the event row; each step runs in the copy's transaction. */
export type EventCopier = (
  sql: Sql,
  from: { eventId: string },
  to: { eventId: string; ticketTypeIds: Map<string, string> },
) => Promise<void>;

/**
 * The ticket types, in order, with their capacities (no counts: no attendees come along). The new
 * event's default type (made by the database with the event) becomes the first.
 */
async function copyTicketTypes(sql: Sql, fromId: string, toId: string) {
  const rows = await sql.many<{ sourceId: string; copyId: string }>(
    `with source as (
       select id, name, capacity, position,
              row_number() over (order by position, created_at, id) as n
         from ticket_types where event_id = $1
     ), first as (
       update ticket_types t set name = s.name, capacity = s.capacity
         from source s where s.n = 1 and t.event_id = $2
       returning s.id as source_id, t.id as copy_id
     ), rest as (
       insert into ticket_types (event_id, name, capacity, position)
       select $2, name, capacity, (n - 1)::int from source where n > 1 order by n
       returning id, name
     )
     select source_id as "sourceId", copy_id as "copyId" from first
     union all
     select s.id, r.id from rest r join source s on lower(s.name) = lower(r.name) and s.n > 1`,
    [fromId, toId],
  );
  return new Map(rows.map((row) => [row.sourceId, row.copyId]));
}

const copyMailTemplates: EventCopier = (sql, from, to) =>
  sql
    .run(
      `insert into mail_templates (event_id, kind, subject, body, auto, remind_minutes)
       select $2, kind, subject, body, auto, remind_minutes from mail_templates where event_id = $1`,
      [from.eventId, to.eventId],
    )
    .then(() => undefined);

/**
 * Everything else a copy carries, each from its own domain; a copier gets the map from the old
 * event's ticket type ids to the new ones.
 */
export const eventCopiers: EventCopier[] = [copyMailTemplates, copyQuestions];

/**
 * A new draft event like `source`: its details, settings, ticket types, mail templates, questions
 * (`eventCopiers`), at new dates, with no attendees.
 */
export async function copyEvent(sql: Sql, input: CopyInput, user: UserDto): Promise<EventDto> {
  const source = await sql.one<EventDto>(`select ${eventColumns} from events e where e.id = $1`, [
    input.id,
  ]);
  if (!source) throw notFound('That event');
  assertManages(user, source);
  const copy = (await sql.one<EventDto>(
    `insert into events as e (title, description, location, starts_at, ends_at, time_zone,
                              category, max_attendees, status, created_by)
     select coalesce($2, title), description, location, $3, $4, coalesce($5, time_zone),
            category, max_attendees, 'draft', $6
       from events where id = $1
     returning ${eventColumns}`,
    [input.id, input.title ?? null, input.startsAt, input.endsAt, input.timeZone ?? null, user.id],
  ))!;
  const ticketTypeIds = await copyTicketTypes(sql, source.id, copy.id);
  for (const copier of eventCopiers) {
    await copier(sql, { eventId: source.id }, { eventId: copy.id, ticketTypeIds });
  }
  await writeAudit(sql, {
    actorId: user.id,
    action: 'events.copy',
    entity: 'event',
    entityId: copy.id,
    before: source,
    after: copy,
  });
  return copy;
}
