import type { ChannelInput } from '@shared/contract';
import type { Caller } from './core';

const HOUR = 3_600_000;

/** A valid event input; override what the test is about. */
export function eventInput(
  overrides: Partial<ChannelInput<'events.create'>> = {},
): ChannelInput<'events.create'> {
  const start = new Date(Date.now() + 7 * 24 * HOUR);
  return {
    title: 'Community Hack Day',
    description: 'Bring a laptop.',
    location: 'Kulturbrauerei, Berlin',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 4 * HOUR).toISOString(),
    timeZone: 'Europe/Berlin',
    category: 'meetup',
    maxAttendees: 100,
    status: 'published',
    ...overrides,
  };
}

export const createEvent = (
  caller: Caller,
  overrides: Partial<ChannelInput<'events.create'>> = {},
) => caller.ok('events.create', eventInput(overrides));
