import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '@shared/contract';
import type { CheckInConflict, DoorAttendee, DoorCheckIn } from '@shared/contract/door';
import type { ScannerStatus } from '@shared/contract/scanner';

/**
 * How a door device reaches the server: the core's router with the door user's session. It may
 * throw or hang when the network is gone; the device treats both as "offline".
 */
export type DoorTransport = <C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
) => Promise<Envelope<ChannelOutput<C>>>;

/** An attendee as the device's replica holds it; its check-ins live in their own table. */
export type LocalAttendee = Omit<DoorAttendee, 'checkIns'>;

export interface LocalCheckIn extends Omit<DoorCheckIn, 'receivedAt'> {
  /** null while pending. */
  receivedAt: string | null;
  /** Still in this device's outbox: the server has not seen it yet. */
  pending: boolean;
}

export type ScanResult =
  | { verdict: 'valid'; checkInId: string; attendee: LocalAttendee }
  | { verdict: 'already_checked_in'; attendee: LocalAttendee; previous: LocalCheckIn }
  | { verdict: 'cancelled' | 'waitlisted'; attendee: LocalAttendee }
  | { verdict: 'wrong_event'; attendee: LocalAttendee; eventTitle: string }
  | { verdict: 'unknown'; code: string };

export interface SearchHit extends LocalAttendee {
  checkIn: LocalCheckIn | null;
}

/** The device's own view; the scanner channel adds the prepared event's details. */
export type DoorStatus = Omit<ScannerStatus, 'event'> & { eventId: string | null };

export interface PrepareProgress {
  loaded: number;
  total: number;
}

export type { CheckInConflict };
