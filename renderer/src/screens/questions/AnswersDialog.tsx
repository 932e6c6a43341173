import { channels } from '@shared/contract';
import type { RegistrationDto } from '@shared/domain';
import { answersSchema, type QuestionDto } from '@shared/questions';
import type { RegistrationAnswers } from '@shared/contract/questions';
import { call } from '../../api/client';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/EmptyState';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { toastSuccess } from '../../stores/toasts';
import { AnswerFields, answersFromDrafts, draftsFromAnswers } from './AnswerFields';

interface AnswersDialogProps {
  registration: RegistrationDto;
  onClose(): void;
}

/** One attendee's answers, shown and corrected (answers.save, with the version they were read at). */
export function AnswersDialog({ registration, onClose }: AnswersDialogProps) {
  const questions = useChannel('questions.list', { eventId: registration.eventId });
  const stored = useChannel('answers.get', { registrationId: registration.id });
  return (
    <Dialog title={`Answers of ${registration.attendeeName}`} onClose={onClose}>
      {!questions.data || !stored.data ? (
        <Loading label="Loading the answers…" />
      ) : (
        <AnswersForm
          registration={registration}
          questions={questions.data}
          stored={stored.data}
          onClose={onClose}
        />
      )}
    </Dialog>
  );
}

function AnswersForm(props: {
  registration: RegistrationDto;
  questions: QuestionDto[];
  stored: RegistrationAnswers;
  onClose(): void;
}) {
  const { registration, questions, stored, onClose } = props;
  const asked = questions.filter(
    (q) => q.ticketTypeIds === null || q.ticketTypeIds.includes(registration.ticketTypeId),
  );
  const form = useForm({
    schema: channels['answers.save'].input.extend({
      answers: answersSchema(questions, registration.ticketTypeId),
    }),
    initial: () => ({ answers: draftsFromAnswers(stored.answers) }),
    toInput: (values) => ({
      registrationId: registration.id,
      version: stored.version,
      answers: answersFromDrafts(asked, values.answers),
    }),
    submit: async (input) => {
      const result = await call('answers.save', input);
      if (!result.ok) return result.error;
      toastSuccess(`${registration.attendeeName}’s answers are saved`);
      onClose();
      return null;
    },
  });
  if (asked.length === 0) {
    return <p className="muted">This event asks no questions of this ticket type.</p>;
  }
  return (
    <form className="form" noValidate onSubmit={form.handleSubmit}>
      <FormError error={form.error} />
      <AnswerFields
        questions={asked}
        drafts={form.values.answers}
        errors={form.fields}
        onChange={(id, draft) =>
          form.set('answers', { ...form.values.answers, [id]: draft }, `answers.${id}`)
        }
      />
      <div className="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" busy={form.busy}>
          Save answers
        </Button>
      </div>
    </form>
  );
}
