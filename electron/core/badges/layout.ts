import type { BadgeLayoutDto, StationBadgeLayout } from '@shared/contract/badges';
import type { Sql } from '../db/db';

export async function readLayout(db: Sql, eventId: string): Promise<BadgeLayoutDto> {
  const row = await db.one<BadgeLayoutDto>(
    `select event_id as "eventId", subtitle_question_id as "subtitleQuestionId",
            show_ticket_type as "showTicketType", version
       from badge_layouts where event_id = $1`,
    [eventId],
  );
  // No saved layout yet: the type on the band, no second line.
  return row ?? { eventId, subtitleQuestionId: null, showTicketType: true, version: 0 };
}

/**
 * The layout as a door station applies it to its own copy: the second line is the door answer
 * of that label, so only a door-visible question can fill it there (the others never reach it).
 */
export async function stationBadgeLayout(db: Sql, eventId: string): Promise<StationBadgeLayout> {
  const layout = await readLayout(db, eventId);
  const question = layout.subtitleQuestionId
    ? await db.one<{ label: string }>(
        'select label from event_questions where id = $1 and door_visible',
        [layout.subtitleQuestionId],
      )
    : undefined;
  return { subtitleLabel: question?.label ?? null, showTicketType: layout.showTicketType };
}
