import type { CheckInPointDto, Direction } from '@shared/contract/points';

// Whether a point lets a ticket through, and if not, why in words the door can show. Pure, so the
// server and a station decide alike (pretix's check-in list rules, without its rule language).

export type PointRefusal =
  | 'ticket_type'
  | 'not_yet_valid'
  | 'no_longer_valid'
  | 'already_checked_in'
  | 'no_reentry'
  | 'not_inside'
  | 'exits_not_recorded';

export type PointVerdict =
  { admitted: true } | { admitted: false; reason: PointRefusal; message: string };

export interface PointTicket {
  ticketTypeId: string;
  ticketTypeName: string;
}

type PointRules = Pick<
  CheckInPointDto,
  | 'ticketTypeIds'
  | 'validFrom'
  | 'validUntil'
  | 'allowMultipleEntries'
  | 'recordsExits'
  | 'allowReentry'
>;

export interface PointScan {
  point: PointRules;
  ticket: PointTicket;
  /** This ticket's standing moves at this point, oldest first. */
  moves: Direction[];
  direction: Direction;
  at: Date;
  /** The event's zone: times in reasons are wall-clock times there. */
  timeZone: string;
}

const refuse = (reason: PointRefusal, message: string): PointVerdict => ({
  admitted: false,
  reason,
  message,
});

export function decideAtPoint(scan: PointScan): PointVerdict {
  const { point, moves, at } = scan;
  // The last move decides: a second entry a device accepted offline does not make two people.
  const inside = moves.at(-1) === 'in';
  if (scan.direction === 'out') {
    if (!point.recordsExits) return refuse('exits_not_recorded', 'This point records no exits');
    return inside ? { admitted: true } : refuse('not_inside', 'Not checked in here');
  }
  if (point.ticketTypeIds && !point.ticketTypeIds.includes(scan.ticket.ticketTypeId)) {
    return refuse('ticket_type', `${scan.ticket.ticketTypeName} ticket`);
  }
  if (point.validFrom && at < new Date(point.validFrom)) {
    return refuse(
      'not_yet_valid',
      `Not valid before ${wallClock(point.validFrom, at, scan.timeZone)}`,
    );
  }
  if (point.validUntil && at > new Date(point.validUntil)) {
    return refuse(
      'no_longer_valid',
      `Not valid after ${wallClock(point.validUntil, at, scan.timeZone)}`,
    );
  }
  if (point.recordsExits) {
    if (inside) return refuse('already_checked_in', 'Already inside');
    if (moves.includes('out') && !point.allowReentry) {
      return refuse('no_reentry', 'Left already: no re-entry here');
    }
    return { admitted: true };
  }
  if (moves.includes('in') && !point.allowMultipleEntries) {
    return refuse('already_checked_in', 'Already checked in here');
  }
  return { admitted: true };
}

/** "09:00" on the scan's own day, "Sat 2 May, 09:00" on another, in the event's zone. */
function wallClock(instant: string, now: Date, timeZone: string): string {
  const when = new Date(instant);
  const day = (d: Date) => d.toLocaleDateString('en-GB', { timeZone });
  const time = when.toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });
  if (day(when) === day(now)) return time;
  const date = when.toLocaleDateString('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  return `${date}, ${time}`;
}
