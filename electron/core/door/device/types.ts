import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '@shared/contract';
import type { ScanOutcome, ScannerProgress, ScannerStatus } from '@shared/contract/scanner';

/**
 * How a door device reaches the server: the core's router with the door user's session. It may
 * throw or hang when the network is gone; the device treats both as "offline".
 */
export type DoorTransport = <C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
) => Promise<Envelope<ChannelOutput<C>>>;

type Recorded = Extract<ScanOutcome, { verdict: 'valid' | 'exited' }>;
type Untimed<T> = T extends unknown ? Omit<T, 'at' | 'undoUntil'> : never;

/** The device's verdict; the station's channel adds when a move was made and its undo deadline. */
export type ScanResult = Exclude<ScanOutcome, Recorded> | Untimed<Recorded>;

/** The device's own view; the scanner channel adds the prepared event's details. */
export type DoorStatus = Omit<ScannerStatus, 'event'> & { eventId: string | null };

export type PrepareProgress = Omit<ScannerProgress, 'eventId'>;
