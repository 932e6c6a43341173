import { choiceKinds } from '@shared/questions';
import { changesTo } from '../../api/live';
import { useChannel } from '../../api/use-channel';
import { SelectField } from '../../components/Field';
import { answerChoiceKey } from './attendee-pages';
import type { AttendeeView } from './use-attendee-pages';
import { useTicketTypes } from './use-ticket-types';

/**
 * The attendee list's filters beyond status: the ticket type (when the event sells more than
 * one) and, for the event's managers, one option of a choice question ("Diet: vegetarian").
 * Renders nothing when there is nothing to choose between.
 */
export function AttendeeFilters(props: {
  eventId: string;
  canManage: boolean;
  view: AttendeeView;
}) {
  const { eventId, canManage, view } = props;
  const types = useTicketTypes(eventId).data ?? [];
  // Questions are the managers' to see (questions.list is an organizer channel).
  const asked = useChannel(
    'questions.list',
    { eventId },
    { watch: changesTo(eventId), enabled: canManage },
  );
  const choices = (asked.data ?? []).filter((question) => choiceKinds.includes(question.kind));
  if (types.length < 2 && choices.length === 0) return null;
  return (
    <div className="toolbar-row attendee-filters">
      {types.length > 1 && (
        <SelectField
          label="Ticket type"
          value={view.ticketTypeId}
          onChange={view.setTicketTypeId}
          options={[
            { value: '', label: 'All ticket types' },
            ...types.map((type) => ({ value: type.id, label: type.name })),
          ]}
        />
      )}
      {choices.length > 0 && (
        <SelectField
          label="Answer"
          value={view.answer}
          onChange={view.setAnswer}
          options={[
            { value: '', label: 'Any answers' },
            ...choices.flatMap((question) =>
              question.choices.map((choice) => ({
                value: answerChoiceKey(question.id, choice),
                label: `${question.label}: ${choice}`,
              })),
            ),
          ]}
        />
      )}
    </div>
  );
}
