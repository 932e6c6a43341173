import type { ChannelInput } from '@shared/contract';

/** A question's settings; override what the test is about. */
export function questionInput(
  eventId: string,
  overrides: Partial<ChannelInput<'questions.create'>> = {},
): ChannelInput<'questions.create'> {
  return {
    eventId,
    label: 'Company',
    kind: 'text',
    required: false,
    choices: [],
    min: null,
    max: null,
    earliest: null,
    latest: null,
    ticketTypeIds: null,
    doorVisible: false,
    ...overrides,
  };
}
