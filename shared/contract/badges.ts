import { z } from 'zod';
import { defineChannel } from './define';
import { id } from './fields';
import { recipientFilter } from './mail';

// Name badges (issue 16): the attendee's name large, an optional second line from one of the
// event's questions (a company, a role), the ticket type, and the ticket's QR for scanning at
// sessions. Printed in batches on A4 sheets or one at a time, as PDF.

export interface BadgeLayoutDto {
  eventId: string;
  /** The question whose answer prints under the name; null: none. */
  subtitleQuestionId: string | null;
  showTicketType: boolean;
  /** 0 until the event's layout is first saved. */
  version: number;
}

/** What a door station needs to print a badge from its own copy, offline too. */
export interface StationBadgeLayout {
  /** The door-visible question whose answer prints under the name; null: none. */
  subtitleLabel: string | null;
  showTicketType: boolean;
}

export interface BadgesWritten {
  path: string;
  badges: number;
  bytes: number;
}

const path = z.string().min(1).max(4096);

export const badgesChannels = {
  'badges.layout': defineChannel<BadgeLayoutDto>()('organizer', z.strictObject({ eventId: id })),
  /** A stale `version` gets CONFLICT; the question must be one of the event's. */
  'badges.saveLayout': defineChannel<BadgeLayoutDto>()(
    'organizer',
    z.strictObject({
      eventId: id,
      version: z.number().int().min(0),
      subtitleQuestionId: id.nullable(),
      showTicketType: z.boolean(),
    }),
  ),
  /** One attendee's badge on its own page, written to `path`. */
  'badges.pdf': defineChannel<BadgesWritten>()(
    'organizer',
    z.strictObject({ registrationId: id, path }),
  ),
  /** Six badges per A4 sheet with cut marks, for the attendees the filter picks, in name order. */
  'badges.batch': defineChannel<BadgesWritten>()(
    'organizer',
    z.strictObject({ eventId: id, filter: recipientFilter.default('registered'), path }),
  ),
};
