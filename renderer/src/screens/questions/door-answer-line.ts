import type { ScannerAttendee } from '@shared/contract/scanner';
import { doorAnswerTexts } from '@shared/questions';
import type { Shown } from '../../stores/door-verdict';

/**
 * What the door shows under the name: the attendee's door-visible answers, e.g. "vegetarian ·
 * Wheelchair access" (the ticket type's name goes first once the replica carries it). Null when
 * there is nothing to show.
 */
export function doorAnswerLine(attendee: Pick<ScannerAttendee, 'doorAnswers'>): string | null {
  const texts = doorAnswerTexts(attendee.doorAnswers ?? []);
  return texts.length > 0 ? texts.join(' · ') : null;
}

/** The line for the verdict on screen, if it names an attendee. */
export function shownAnswerLine(shown: Shown | null): string | null {
  if (!shown || shown.kind !== 'outcome' || !('attendee' in shown.outcome)) return null;
  return doorAnswerLine(shown.outcome.attendee);
}
