import { z } from 'zod';
import { registrationStatuses, type Page, type RegistrationDto } from '../domain';
import { defineChannel } from './define';
import { columnMap } from './import-mapping';
import { ticketTypeId } from './ticket-types';
import { email, id, pageLimit, pageOffset, personName, searchText } from './fields';
import { answerFilters, answersInput } from './questions';

export interface RegisterResult {
  registration: RegistrationDto;
  /** 'waitlisted' when the event was full: say so to the person. */
  outcome: 'registered' | 'waitlisted';
}

export interface CancelResult {
  registration: RegistrationDto;
  /** The waitlisted attendee who got the freed seat, in the same transaction. */
  promoted: RegistrationDto | null;
}

export interface EditResult {
  registration: RegistrationDto;
  /** Whoever got the seat the edit freed (a type change), in the same transaction. */
  promoted: RegistrationDto[];
}

export interface TransferResult {
  /** The old registration, now 'transferred'. */
  from: RegistrationDto;
  /** The new holder, with a new ticket code. */
  to: RegistrationDto;
}

export interface ImportResult {
  registered: number;
  waitlisted: number;
  rejected: { line: number; reason: string }[];
}

/**
 * A page of attendees in name order. `next` continues after this page at a constant cost,
 * however deep (keyset); `offset` still works but walks the rows it skips. `total` counts exactly
 * up to `registrationCountCap` matches of a search (or cancelled attendees); `totalCapped` says
 * there are more.
 */
export interface RegistrationPage extends Page<RegistrationDto> {
  next: string | null;
  totalCapped: boolean;
}

export const registrationCountCap = 10_000;

export const registrationsChannels = {
  'registrations.register': defineChannel<RegisterResult>()(
    'organizer',
    z.strictObject({
      eventId: id,
      name: personName,
      email,
      ticketTypeId: ticketTypeId.optional(),
      /** Answers to the event's questions by question id (shared/questions.ts `answersSchema`). */
      answers: answersInput.default({}),
    }),
  ),
  'registrations.cancel': defineChannel<CancelResult>()('organizer', z.strictObject({ id })),
  'registrations.promote': defineChannel<RegistrationDto>()('organizer', z.strictObject({ id })),
  'registrations.get': defineChannel<RegistrationDto>()('door', z.strictObject({ id })),
  'registrations.list': defineChannel<RegistrationPage>()(
    'door',
    z
      .strictObject({
        eventId: id,
        search: searchText.optional(),
        status: z.enum(registrationStatuses).optional(),
        /** Attendees holding this ticket type. */
        ticketTypeId: ticketTypeId.optional(),
        /** Attendees whose choice answers match every filter (any option within one). */
        answers: answerFilters.optional(),
        limit: pageLimit,
        offset: pageOffset,
        /** A previous page's `next`: the page after it. */
        after: z.string().max(1_000).optional(),
      })
      .refine((v) => v.after === undefined || v.offset === 0, {
        message: 'Give either a page cursor or an offset, not both',
        path: ['after'],
      }),
  ),
  /**
   * Corrects a registration. A new type goes through capacity: with no seat free in it the edit
   * is refused as FULL, unless `ifFull` is 'waitlist' (then the person waits for the new type and
   * their old seat goes to the next in line). The answers must suit the registration's (new) type:
   * a required question of the new type left unanswered is VALIDATION naming it, unless `answers`
   * supplies it. `answers`, when given, replaces the answers to the questions of that type, as
   * answers.save does; answers to questions of the old type only are kept but no longer count
   * (not shown, exported, filtered on or sent to the door) while the type does not ask them.
   */
  'registrations.edit': defineChannel<EditResult>()(
    'organizer',
    z.strictObject({
      id,
      version: z.number().int().min(1),
      name: personName.optional(),
      email: email.optional(),
      ticketTypeId: ticketTypeId.optional(),
      ifFull: z.enum(['refuse', 'waitlist']).default('refuse'),
      answers: answersInput.optional(),
    }),
  ),
  /**
   * Gives the seat (or the place in line) to another person with a new ticket code; the old
   * registration becomes 'transferred' and its code stops admitting once door devices sync.
   */
  'registrations.transfer': defineChannel<TransferResult>()(
    'organizer',
    z.strictObject({ id, version: z.number().int().min(1), name: personName, email }),
  ),
  'registrations.import': defineChannel<ImportResult>()(
    'organizer',
    z.strictObject({
      eventId: id,
      /**
       * The file's text: `name,email` per line, an optional header row. The core streams it, so
       * the cap only bounds one message: a million realistic lines are about 50 MB.
       */
      csv: z.string().min(1, 'The file is empty').max(128_000_000, 'The file is over 128 MB'),
      /** The header's columns to read and where each goes; without it, `name,email`. */
      map: columnMap.optional(),
      /** Names this import in `registrations.importProgress` notes. */
      importId: id.optional(),
    }),
  ),
};
