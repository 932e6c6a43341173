import { randomUUID } from 'node:crypto';
import type { ChannelInput, ChannelParsedInput } from '@shared/contract';
import type { DoorAttendee } from '@shared/contract/door';
import type { WalkInDesk, WalkInItemResult } from '@shared/contract/walk-ins';
import { AppError, invalid } from '../../errors';
import { checkAnswers } from '../../questions/answers';
import { newTicketCode } from '../../registrations/ticket-code';

/** A walkIns.upload item without the station's way of asking, which it adds when it sends. */
export type WalkInItem = Omit<
  ChannelInput<'walkIns.upload'>['items'][number],
  'ifFull' | 'offline'
>;

/** A walk-in as the station keeps it: what it sends, and the attendee it shows meanwhile. */
export interface WalkInRecord {
  item: WalkInItem;
  attendee: DoorAttendee;
}

export type WalkInRequest = Omit<ChannelParsedInput<'scanner.walkIn'>, 'force'>;

/**
 * Holds a walk-in to the event's form as the station last received it (types, door-visible
 * questions, with the schema every registration uses) and mints its registration id and ticket
 * code here, so the person can be re-scanned at once, online or not.
 */
export function newWalkIn(
  request: WalkInRequest,
  desk: WalkInDesk,
  eventId: string,
  at: string,
): WalkInRecord {
  const type = request.ticketTypeId
    ? desk.ticketTypes.find((t) => t.id === request.ticketTypeId)
    : desk.ticketTypes[0];
  if (!type) throw invalid('ticketTypeId', 'Choose one of this event’s ticket types');
  const answers = checkAnswers(desk.questions, type.id, request.answers);
  const nonce = randomUUID();
  const ticketCode = newTicketCode();
  const { name, email } = request;
  return {
    item: { nonce, eventId, ticketCode, name, email, ticketTypeId: type.id, answers, at },
    attendee: {
      id: nonce,
      eventId,
      ticketCode,
      name,
      email,
      status: 'registered',
      ticketTypeId: type.id,
      ticketType: type.name,
      checkIns: [],
      doorAnswers: desk.questions.flatMap((q) =>
        q.id in answers ? [{ label: q.label, kind: q.kind, value: answers[q.id]! }] : [],
      ),
    },
  };
}

export const emailTaken = (email: string) =>
  new AppError('CONFLICT', `${email} is already registered for this event`, {
    email: 'Already registered: scan their ticket or find them by name',
  });

/** The server's answer to a walk-in it did not store, as the station's caller hears it. */
export function walkInRefusal(result: WalkInItemResult): AppError {
  const message = result.message ?? 'The walk-in was refused';
  switch (result.rejected) {
    case 'full':
      return new AppError(
        'FULL',
        'No seat is left for this ticket type. A supervisor can admit them anyway: they are flagged as over capacity.',
      );
    case 'duplicate':
      return new AppError('CONFLICT', message, result.fields ?? undefined);
    case 'event_closed':
      return new AppError('FORBIDDEN', message);
    default:
      return new AppError('VALIDATION', message, result.fields ?? undefined);
  }
}
