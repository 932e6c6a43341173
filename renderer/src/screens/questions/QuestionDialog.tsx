import { channels } from '@shared/contract';
import { questionKinds, type QuestionDto } from '@shared/questions';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { toastSuccess } from '../../stores/toasts';
import { draftOf, kindLabels, settingsOf } from './question-form';

interface QuestionDialogProps {
  eventId: string;
  /** null: a new question. */
  question: QuestionDto | null;
  onClose(): void;
  onSaved(): void;
}

const kindOptions = questionKinds.map((kind) => ({ value: kind, label: kindLabels[kind] }));

/** Adds or edits one question; the channel's own schema checks it before it is sent. */
export function QuestionDialog({ eventId, question, onClose, onSaved }: QuestionDialogProps) {
  const editing = question !== null;
  const form = useForm({
    // The update schema: the same settings rules as creating, plus the version the edit is based on.
    schema: channels['questions.update'].input,
    initial: () => draftOf(question),
    toInput: (draft) => ({
      id: question?.id ?? '00000000-0000-4000-8000-000000000000',
      version: question?.version ?? 1,
      ...settingsOf(draft),
      ticketTypeIds: question?.ticketTypeIds ?? null,
    }),
    submit: async ({ id: _id, version, ...settings }) => {
      const result = editing
        ? await call('questions.update', { id: question.id, version, ...settings })
        : await call('questions.create', { eventId, ...settings });
      if (!result.ok) return result.error;
      toastSuccess(editing ? 'Question saved' : 'Question added', result.value.label);
      onSaved();
      return null;
    },
  });
  const { kind } = form.values;
  const answered = (question?.answerCount ?? 0) > 0;
  return (
    <Dialog
      title={editing ? 'Edit question' : 'Add a question'}
      description="Asked when someone registers."
      onClose={onClose}
    >
      <form className="form" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <TextField label="Question" data-autofocus autoComplete="off" {...form.field('label')} />
        <SelectField
          label="Answer"
          options={kindOptions}
          disabled={answered}
          hint={answered ? 'Already answered: the kind stays.' : undefined}
          {...(form.field('kind') as { value: string; onChange(v: string): void })}
        />
        {(kind === 'singleChoice' || kind === 'multipleChoice') && (
          <TextArea label="Options, one per line" rows={4} {...form.field('choices')} />
        )}
        {kind === 'number' && (
          <div className="form-row">
            <TextField label="At least" inputMode="decimal" {...form.field('min')} />
            <TextField label="At most" inputMode="decimal" {...form.field('max')} />
          </div>
        )}
        {kind === 'date' && (
          <div className="form-row">
            <TextField label="From" type="date" {...form.field('earliest')} />
            <TextField label="Until" type="date" {...form.field('latest')} />
          </div>
        )}
        <Checkbox
          label="Required"
          checked={form.values.required}
          onChange={(on) => form.set('required', on)}
        />
        <Checkbox
          label="Show at the door"
          hint="Door staff see this answer with the scan. Other answers never leave the server."
          checked={form.values.doorVisible}
          onChange={(on) => form.set('doorVisible', on)}
        />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            {editing ? 'Save question' : 'Add question'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
