import type { MailPreview, MessageKind } from '@shared/contract/mail';
import type { EventDto, RegistrationDto } from '@shared/domain';
import { renderPreview, type MessageContext } from './render';

// A stand-in attendee for previews before anyone has registered. The code has the shape of a
// real one, so the preview is as long as the real message.
const sampleAttendee = {
  id: '00000000-0000-4000-8000-000000000000',
  attendeeName: 'Alex Example',
  attendeeEmail: 'alex@example.org',
  ticketCode: '0123456789ABCDEFGHJKMNPQRS',
  waitlistPosition: 3,
};

type Attendee = Pick<
  RegistrationDto,
  'id' | 'attendeeName' | 'attendeeEmail' | 'ticketCode' | 'waitlistPosition'
>;

/** The same context the worker builds from the outbox, for an attendee of the event. */
export function contextFor(
  kind: MessageKind,
  event: Pick<EventDto, 'title' | 'location' | 'startsAt' | 'endsAt' | 'timeZone'>,
  attendee: Attendee | null,
  words: { subject: string; body: string },
): MessageContext {
  const who = attendee ?? sampleAttendee;
  return {
    kind,
    to: { name: who.attendeeName, address: who.attendeeEmail },
    subject: words.subject,
    body: words.body,
    event: {
      eventTitle: event.title,
      location: event.location,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: event.timeZone,
    },
    registration: {
      id: who.id,
      ticketCode: who.ticketCode,
      waitlistPosition: who.waitlistPosition,
    },
  };
}

export const previewOf = (context: MessageContext): Promise<MailPreview> => renderPreview(context);
