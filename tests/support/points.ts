import type { ChannelInput } from '@shared/contract';

type PointInput = ChannelInput<'points.create'>['point'];

/** A check-in point's fields for points.create: every ticket type, any time, entries only. */
export const pointInput = (over: Partial<PointInput> = {}): PointInput => ({
  name: 'Gate',
  ticketTypeIds: null,
  validFrom: null,
  validUntil: null,
  allowMultipleEntries: false,
  recordsExits: false,
  allowReentry: true,
  capacity: null,
  ...over,
});
