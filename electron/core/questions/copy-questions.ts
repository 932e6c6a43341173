import type { EventCopier } from '../events/copy-event';

/**
 * A copied event asks what its source asks now: every live question with its settings and key
 * (so next year's import maps the same columns), in order, limited to the copies of the same
 * ticket types. Archived questions stay behind with the answers they belong to; no answers come
 * along, as no attendees do.
 */
export const copyQuestions: EventCopier = async (sql, from, to) => {
  await sql.run(
    `insert into event_questions (event_id, key, label, kind, required, choices, min, max,
                                  earliest, latest, ticket_type_ids, position, door_visible)
     select $2, q.key, q.label, q.kind, q.required, q.choices, q.min, q.max, q.earliest, q.latest,
            case when q.ticket_type_ids is not null then array(
              select m.copy_id
                from unnest(q.ticket_type_ids) with ordinality as t(id, n)
                join unnest($3::uuid[], $4::uuid[]) as m(source_id, copy_id) on m.source_id = t.id
               order by t.n)
            end,
            (row_number() over (order by q.position, q.id) - 1)::int, q.door_visible
       from event_questions q
      where q.event_id = $1 and q.archived_at is null
      order by q.position, q.id`,
    [from.eventId, to.eventId, [...to.ticketTypeIds.keys()], [...to.ticketTypeIds.values()]],
  );
};
