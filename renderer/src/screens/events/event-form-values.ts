import type { ChannelInput } from '@shared/contract';
import type { EventDto } from '@shared/domain';
import type { FieldErrors } from '../../forms/validate';
import { instantToWall, localZone, wallToInstant } from '../../format/zoned-time';

/** What the event form holds: text as typed, times as the event's own wall clock. */
export interface EventFormValues {
  title: string;
  category: string;
  description: string;
  location: string;
  timeZone: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  /** Empty: no limit. */
  capacity: string;
  status: 'draft' | 'published';
}

export type EventFields = ChannelInput<'events.create'>;

const HOUR = 3_600_000;

/** A new event: next week, 18:00 to 21:00 on this desktop's clock, in its zone. */
export function blankEvent(now = new Date()): EventFormValues {
  const zone = localZone();
  const start = new Date(now.getTime() + 7 * 24 * HOUR);
  start.setHours(18, 0, 0, 0);
  const startWall = instantToWall(start.toISOString(), zone);
  const endWall = instantToWall(new Date(start.getTime() + 3 * HOUR).toISOString(), zone);
  return {
    title: '',
    category: '',
    description: '',
    location: '',
    timeZone: zone,
    startDate: startWall.date,
    startTime: startWall.time,
    endDate: endWall.date,
    endTime: endWall.time,
    capacity: '',
    status: 'draft',
  };
}

export function eventToValues(event: EventDto): EventFormValues {
  const start = instantToWall(event.startsAt, event.timeZone);
  const end = instantToWall(event.endsAt, event.timeZone);
  return {
    title: event.title,
    category: event.category,
    description: event.description,
    location: event.location,
    timeZone: event.timeZone,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    capacity: event.maxAttendees === null ? '' : String(event.maxAttendees),
    // A cancelled event cannot be edited; the form never sees one.
    status: event.status === 'published' ? 'published' : 'draft',
  };
}

/** The contract's fields from the form. Capacity text that is not a number becomes NaN. */
export function valuesToFields(values: EventFormValues): EventFields {
  const capacity = values.capacity.trim();
  return {
    title: values.title,
    category: values.category,
    description: values.description,
    location: values.location,
    timeZone: values.timeZone,
    startsAt: wallToInstant({ date: values.startDate, time: values.startTime }, values.timeZone),
    endsAt: wallToInstant({ date: values.endDate, time: values.endTime }, values.timeZone),
    maxAttendees: capacity === '' ? null : /^\d+$/.test(capacity) ? Number(capacity) : Number.NaN,
    status: values.status,
  };
}

/** What the schema cannot say kindly: capacity typed as words. */
export function capacityProblem(fields: Pick<EventFields, 'maxAttendees'>): FieldErrors {
  return Number.isNaN(fields.maxAttendees)
    ? { maxAttendees: 'Capacity must be a whole number, or empty for no limit' }
    : {};
}

const fieldNames: Record<keyof EventFields, string> = {
  title: 'title',
  category: 'category',
  description: 'description',
  location: 'location',
  timeZone: 'time zone',
  startsAt: 'start',
  endsAt: 'end',
  maxAttendees: 'capacity',
  status: 'status',
};

/** Which fields differ between two saved versions, in words: "title and capacity". */
export function changedFields(a: EventDto, b: EventDto): string[] {
  const keys = Object.keys(fieldNames) as (keyof EventFields)[];
  return keys.filter((key) => a[key] !== b[key]).map((key) => fieldNames[key]);
}
