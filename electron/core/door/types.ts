import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '@shared/contract';
import type { CheckInConflict, DoorCheckIn } from '@shared/contract/door';
import type { RegistrationStatus } from '@shared/domain';

/**
 * How a door device reaches the server: the core's router with the door user's session. It may
 * throw or hang when the network is gone; the device treats both as "offline".
 */
export type DoorTransport = <C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
) => Promise<Envelope<ChannelOutput<C>>>;

export interface LocalAttendee {
  id: string;
  eventId: string;
  ticketCode: string;
  name: string;
  email: string;
  status: RegistrationStatus;
}

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

export interface DoorStatus {
  deviceId: string;
  eventId: string | null;
  /** null until the first attempt to reach the server. */
  online: boolean | null;
  /** Check-ins and undos not yet accepted by the server. */
  pending: number;
  /** Items the server refused outright (e.g. a ticket it does not know). */
  rejected: number;
  conflicts: number;
  lastSyncAt: string | null;
  lastError: string | null;
}

export interface PrepareProgress {
  loaded: number;
  total: number;
}

export type { CheckInConflict };
