import { doorLine } from '@shared/questions';
import type { Shown } from '../../stores/door-verdict';

/**
 * The line under the name for the verdict on screen, if it names an attendee: the ticket type and
 * the door-visible answers, e.g. "VIP · vegetarian" (shared/questions.ts doorLine).
 */
export function shownAnswerLine(shown: Shown | null): string | null {
  if (!shown || shown.kind !== 'outcome' || !('attendee' in shown.outcome)) return null;
  return doorLine(shown.outcome.attendee);
}
