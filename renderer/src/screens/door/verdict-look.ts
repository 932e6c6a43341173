import type { ScannerCheckIn } from '@shared/contract/scanner';
import type { IconName } from '../../components/Icon';
import { dayIn, timeIn } from '../../format/dates';
import type { Shown } from '../../stores/door-verdict';

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/** A verdict in words and an icon as well as a colour: never colour alone. */
export interface VerdictLook {
  tone: Tone;
  icon: IconName;
  title: string;
  name: string | null;
  detail: string | null;
}

export interface Where {
  /** This desktop's id: its own check-ins read "on this device". */
  deviceId: string;
  /** The event's zone: door staff read times on the clock of the room they stand in. */
  timeZone: string;
}

export function verdictLook(shown: Shown, where: Where): VerdictLook {
  if (shown.kind === 'undone') {
    return shown.exit
      ? look('neutral', 'history', 'Exit undone', shown.name, 'They count as inside again.')
      : look('neutral', 'history', 'Check-in undone', shown.name, 'They can be scanned again.');
  }
  if (shown.kind === 'error') return look('bad', 'alert', 'Could not check', null, shown.message);
  const outcome = shown.outcome;
  switch (outcome.verdict) {
    case 'valid':
      return look('good', 'check', 'Welcome in', outcome.attendee.name, outcome.attendee.email);
    case 'exited':
      return look('good', 'back', 'Checked out', outcome.attendee.name, 'Goodbye for now.');
    case 'not_admitted_here':
      return look('bad', 'ban', 'Not admitted here', outcome.attendee.name, `${outcome.message}.`);
    case 'already_checked_in':
      return look(
        'warn',
        'alert',
        'Already checked in',
        outcome.attendee.name,
        checkedInWhere(outcome.previous, where),
      );
    case 'cancelled':
      return look(
        'bad',
        'ban',
        'Registration cancelled',
        outcome.attendee.name,
        'This ticket is not valid. Send them to the help desk.',
      );
    case 'waitlisted':
      return look(
        'warn',
        'clock',
        'On the waitlist',
        outcome.attendee.name,
        'They have no seat yet. Send them to the help desk.',
      );
    case 'transferred':
      return look(
        'bad',
        'ban',
        'Ticket transferred',
        outcome.attendee.name,
        'This ticket was given to someone else, who has a new code. Send them to the help desk.',
      );
    case 'wrong_event':
      return look(
        'bad',
        'close',
        'Wrong event',
        outcome.attendee.name,
        `This ticket is for ${outcome.eventTitle}.`,
      );
    case 'unknown':
      return look(
        'bad',
        'close',
        'Unknown ticket',
        null,
        `No ticket has the code ${outcome.code}.`,
      );
  }
}

/** "At 14:05 on this device by Dora Door", with the day when it was not today. */
export function checkedInWhere(checkIn: ScannerCheckIn, where: Where, now = Date.now()): string {
  const day = dayIn(checkIn.scannedAt, where.timeZone);
  const when =
    day === dayIn(new Date(now).toISOString(), where.timeZone)
      ? `At ${timeIn(checkIn.scannedAt, where.timeZone)}`
      : `On ${day} at ${timeIn(checkIn.scannedAt, where.timeZone)}`;
  const device =
    checkIn.deviceId === where.deviceId ? 'on this device' : `on device ${checkIn.deviceId}`;
  return [when, device, checkIn.staffName && `by ${checkIn.staffName}`].filter(Boolean).join(' ');
}

const look = (
  tone: Tone,
  icon: IconName,
  title: string,
  name: string | null,
  detail: string | null,
): VerdictLook => ({ tone, icon, title, name, detail });
