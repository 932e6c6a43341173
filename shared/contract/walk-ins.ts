import { z } from 'zod';
import type { WalkInFlag } from '../domain';
import type { QuestionRule } from '../questions';
import { ticketCodePattern } from '../ticket-code';
import { defineChannel } from './define';
import type { DoorAttendee } from './door';
import { email, id, instant, personName, text } from './fields';
import { answersInput } from './questions';

// Walk-ins at the door (docs/door-day.md): a supervisor registers someone at the station and
// checks them in at once. The station chooses the registration's id and ticket code, so the
// person can be re-scanned at once, online or not, and a re-sent upload is recognised.

/** What a station needs to register walk-ins offline: the types sold and the door's questions. */
export interface WalkInDesk {
  ticketTypes: { id: string; name: string }[];
  /** The event's door-visible questions, in the order it asks them. */
  questions: QuestionRule[];
}

/**
 * Why a walk-in was not stored: `full` (no seat, and the station asked before admitting),
 * `duplicate` (the email is registered already), `invalid` (see `message` and `fields`),
 * `event_closed` (not an event this person may work, or not open).
 */
export type WalkInRejection = 'full' | 'duplicate' | 'invalid' | 'event_closed';

export interface WalkInItemResult {
  nonce: string;
  /** False when the server already had this walk-in: a re-sent item changes nothing. */
  applied: boolean;
  rejected: WalkInRejection | null;
  message: string | null;
  fields: Record<string, string> | null;
  flag: WalkInFlag | null;
  /** The registration as door devices see it, when stored. */
  attendee: DoorAttendee | null;
}

export interface WalkInUploadResult {
  results: WalkInItemResult[];
}

const mintedTicketCode = z.string().regex(ticketCodePattern, 'Not a ticket code this app makes');

export const walkInFields = {
  name: personName,
  /** Required at the door too: the ticket goes by mail, and one email holds one registration. */
  email,
  /** Absent: the event's first type. */
  ticketTypeId: id.optional(),
  /** Answers to the event's door-visible questions, by question id. */
  answers: answersInput.default({}),
};

const walkInItem = z.strictObject({
  /** The walk-in's identity and its registration's id, chosen by the station. */
  nonce: id,
  eventId: id,
  ticketCode: mintedTicketCode,
  ...walkInFields,
  ticketTypeId: id,
  /** When the station registered the person (device clock). */
  at: instant,
  /**
   * 'refuse': the station asks before admitting (online): a full event or a known email is
   * answered and nothing is stored. 'admit': the person is in (a supervisor's "admit anyway", or
   * an offline walk-in): kept and flagged whatever the counters say.
   */
  ifFull: z.enum(['refuse', 'admit']),
  /** 'admit' only: an offline walk-in, kept even when its email turns out to be taken. */
  offline: z.boolean().default(false),
});

export const walkInsChannels = {
  /** A door station's walk-ins; stewards never (the core and usher_door_walk_in refuse them too). */
  'walkIns.upload': defineChannel<WalkInUploadResult>()(
    'door',
    z
      .strictObject({
        deviceId: text().trim().min(1, 'Device id is required').max(100),
        items: z.array(walkInItem).min(1, 'Nothing to upload').max(100, 'At most 100 walk-ins'),
      })
      .refine((v) => new Set(v.items.map((item) => item.nonce)).size === v.items.length, {
        message: 'Each walk-in needs its own nonce',
        path: ['items'],
      }),
  ),
};
