import { askedOfRegistration } from './question-sql';

// What a door device may know of registration `r`'s answers: those to door-visible questions
// still asked (of its ticket type), in the event's order, as DoorAnswer JSON. Private answers are never selected here,
// and in team mode the door login cannot read them at all (row-level security, team-init.ts).
export const doorAnswersColumn = `coalesce((
    select json_agg(json_build_object('label', q.label, 'kind', q.kind, 'value', a.value)
                    order by q.position)
      from registration_answers a join event_questions q on q.id = a.question_id
     where a.registration_id = r.id and q.door_visible and q.archived_at is null
       and ${askedOfRegistration()}
  ), '[]'::json)`;

/**
 * The same for rows of an event that may ask nothing at the door (most do not): the question is
 * put once per statement, and the subquery per row, which then finds nothing at some cost, runs
 * only when it does. Null when it asks nothing.
 */
export const doorAnswersIfAsked = (eventId: string) => `case
    when (select exists (select 1 from event_questions q
                          where q.event_id = ${eventId} and q.door_visible and q.archived_at is null))
    then ${doorAnswersColumn} end`;
