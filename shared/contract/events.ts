import { z } from 'zod';
import { eventStatuses, type EventDto, type Page } from '../domain';
import { defineChannel } from './define';
import { id, instant, pageLimit, pageOffset, searchText, text, timeZone } from './fields';

const title = text().trim().min(1, 'Give the event a title').max(200, 'At most 200 characters');
const description = text().trim().max(5_000, 'At most 5,000 characters');
const location = text().trim().max(300, 'At most 300 characters');
const category = text().trim().max(60, 'At most 60 characters');
const maxAttendees = z
  .number()
  .int('Capacity must be a whole number')
  .min(1, 'Capacity must be at least 1 (or unlimited)')
  .max(1_000_000)
  .nullable();

const endsAfterStart = (v: { startsAt?: string; endsAt?: string }) =>
  !v.startsAt || !v.endsAt || Date.parse(v.endsAt) > Date.parse(v.startsAt);
const endsAfterStartIssue = { message: 'The event must end after it starts', path: ['endsAt'] };

export const eventFields = z.strictObject({
  title,
  description: description.default(''),
  location: location.default(''),
  startsAt: instant,
  endsAt: instant,
  timeZone,
  category: category.default(''),
  maxAttendees: maxAttendees.default(null),
  status: z.enum(['draft', 'published']).default('draft'),
});

export const eventsChannels = {
  'events.create': defineChannel<EventDto>()(
    'organizer',
    eventFields.refine(endsAfterStart, endsAfterStartIssue),
  ),
  'events.update': defineChannel<EventDto>()(
    'organizer',
    z
      .strictObject({
        id,
        /** The version the edit was based on: a stale one gets CONFLICT. */
        version: z.number().int().min(1),
        title: title.optional(),
        description: description.optional(),
        location: location.optional(),
        startsAt: instant.optional(),
        endsAt: instant.optional(),
        timeZone: timeZone.optional(),
        category: category.optional(),
        maxAttendees: maxAttendees.optional(),
        status: z.enum(['draft', 'published']).optional(),
      })
      .refine(endsAfterStart, endsAfterStartIssue),
  ),
  /**
   * A new draft event like `id` at new dates: details, capacity, ticket types, mail templates
   * and questions come along, attendees never.
   */
  'events.copy': defineChannel<EventDto>()(
    'organizer',
    z
      .strictObject({
        id,
        title: title.optional(),
        startsAt: instant,
        endsAt: instant,
        timeZone: timeZone.optional(),
      })
      .refine(endsAfterStart, endsAfterStartIssue),
  ),
  'events.get': defineChannel<EventDto>()('steward', z.strictObject({ id })),
  'events.cancel': defineChannel<EventDto>()('organizer', z.strictObject({ id })),
  'events.list': defineChannel<Page<EventDto>>()(
    'steward',
    z
      .strictObject({
        search: searchText.optional(),
        category: category.optional(),
        status: z.enum(eventStatuses).optional(),
        /** Events starting at or after `from` and before `to`. */
        from: instant.optional(),
        to: instant.optional(),
        limit: pageLimit,
        offset: pageOffset,
      })
      .refine((v) => !v.from || !v.to || Date.parse(v.to) > Date.parse(v.from), {
        message: 'The range must end after it starts',
        path: ['to'],
      }),
  ),
  'events.categories': defineChannel<string[]>()('steward', z.strictObject({})),
};
