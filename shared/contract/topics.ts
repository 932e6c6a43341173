import type { ScannerProgress, ScannerStatus } from './scanner';
import type { ImportProgressNote } from './import-mapping';

/** Whether this desktop hears other desktops' changes: 'local' is one computer, no Redis. */
export const liveStates = ['live', 'paused', 'local'] as const;
export type LiveState = (typeof liveStates)[number];

/**
 * What a committed change touched: one event, or every event at once (the live stream lost
 * track of what it missed, or a bulk load such as `usher seed`), after which screens refetch all.
 */
export type ChangeScope = { eventId: string } | { allEvents: true };

/** True when a change note may alter what is shown about `eventId`. */
export function changeTouches(scope: ChangeScope, eventId: string): boolean {
  return 'allEvents' in scope || scope.eventId === eventId;
}

/** Topics that announce a committed change, to every desktop (through Redis in team mode). */
export const changeTopics = [
  'events.changed',
  'registrations.changed',
  'checkins.changed',
] as const;
export type ChangeTopic = (typeof changeTopics)[number];

// Push topics, main -> renderer. Payloads are small "what changed" notes; screens refetch.
export interface Topics {
  'events.changed': ChangeScope;
  'registrations.changed': ChangeScope;
  'checkins.changed': ChangeScope;
  'live.status': { state: LiveState };
  'exports.progress': { exportId: string; rowsDone: number; totalRows: number };
  'registrations.importProgress': ImportProgressNote;
  'scanner.progress': ScannerProgress;
  'scanner.status': ScannerStatus;
  /** A native menu item was chosen; the renderer runs the same action as its shortcut. */
  'app.command': { command: AppCommand };
}

/** One committed change as the core announces it: a change topic with its scope. */
export type Change = { [T in ChangeTopic]: { topic: T; payload: Topics[T] } }[ChangeTopic];

/** What the native menus can ask of the window in front. */
export type AppCommand =
  'newEvent' | 'findAttendee' | 'importAttendees' | 'exportAttendees' | 'openDoor' | 'openSettings';
export type TopicName = keyof Topics;
export const topicNames: TopicName[] = [
  ...changeTopics,
  'live.status',
  'exports.progress',
  'registrations.importProgress',
  'scanner.progress',
  'scanner.status',
  'app.command',
];
