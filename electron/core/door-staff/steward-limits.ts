import type { DoorPage } from '@shared/contract/door';
import type { ScannerHit, ScanOutcome } from '@shared/contract/scanner';
import type { UserDto } from '@shared/domain';
import { forbidden } from '../errors';

// What a steward may not see or do, held in the core whatever their screen shows: they scan and
// search names; emails never reach them, and they take back only their own last scan.

type Staff = Pick<UserDto, 'role'>;

export const isSteward = (user: Staff) => user.role === 'steward';

const withoutEmail = <T extends { email: string }>(attendee: T): T => ({ ...attendee, email: '' });

/** A door.snapshot / door.changes page as this staff member receives it. */
export function pageFor<T extends DoorPage>(user: Staff, page: T): T {
  return isSteward(user) ? { ...page, attendees: page.attendees.map(withoutEmail) } : page;
}

export function outcomeFor(user: Staff, outcome: ScanOutcome): ScanOutcome {
  if (!isSteward(user) || !('attendee' in outcome)) return outcome;
  return { ...outcome, attendee: withoutEmail(outcome.attendee) };
}

export function hitsFor(user: Staff, hits: ScannerHit[]): ScannerHit[] {
  return isSteward(user) ? hits.map(withoutEmail) : hits;
}

export const stewardUndoRefused = () =>
  forbidden('Stewards can take back only their own last scan. Ask a supervisor.');
