import { answerText } from '@shared/questions';
import type { Badge } from '../../badges/badge';
import type { Replica } from './replica';
import { stationPointOf } from './station-point';

/**
 * The badge to print as this person is admitted, when the point the station is set to prints them
 * (checkin_points.prints_badge); null otherwise. Made from the device's own copy, so a gate prints
 * offline too: the layout's second line is the door answer of its label (only a door-visible
 * question reaches the station).
 */
export function admissionBadge(
  replica: Replica,
  eventId: string,
  registrationId: string,
): Badge | null {
  const { point } = stationPointOf(replica, eventId);
  if (!point?.printsBadge) return null;
  const attendee = replica.attendeeById(registrationId);
  if (!attendee) return null;
  const layout = replica.badgeLayout(eventId) ?? { subtitleLabel: null, showTicketType: true };
  const subtitle = attendee.doorAnswers.find((answer) => answer.label === layout.subtitleLabel);
  return {
    code: attendee.ticketCode,
    attendeeName: attendee.name,
    subtitle: subtitle ? answerText(subtitle.kind, subtitle.value) : '',
    ticketType: layout.showTicketType ? attendee.ticketType : '',
    eventTitle: replica.event(eventId)?.title ?? '',
  };
}
