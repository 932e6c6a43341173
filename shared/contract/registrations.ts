import { z } from 'zod';
import { registrationStatuses, type Page, type RegistrationDto } from '../domain';
import { defineChannel } from './define';
import { ticketTypeId } from './ticket-types';
import { email, id, pageLimit, pageOffset, personName, searchText } from './fields';

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
    z.strictObject({ eventId: id, name: personName, email, ticketTypeId: ticketTypeId.optional() }),
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
  'registrations.import': defineChannel<ImportResult>()(
    'organizer',
    z.strictObject({
      eventId: id,
      /**
       * The file's text: `name,email` per line, an optional header row. The core streams it, so
       * the cap only bounds one message: a million realistic lines are about 50 MB.
       */
      csv: z.string().min(1, 'The file is empty').max(128_000_000, 'The file is over 128 MB'),
    }),
  ),
};
