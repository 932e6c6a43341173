import { channels } from '@shared/contract';
import type { EventDto } from '@shared/domain';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { toastSuccess } from '../../stores/toasts';

/** A datetime-local value ("2027-06-01T09:00") read as an instant in this computer's zone. */
const instantOf = (local: string) => {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
};

/** The event's start a year later, as a datetime-local value: last year's event, this year. */
const nextYear = (iso: string) => {
  const at = new Date(iso);
  at.setFullYear(at.getFullYear() + 1);
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
};

/**
 * Copies an event to new dates: details, capacity, ticket types, mail templates and questions
 * come along, attendees never. The copy starts as a draft.
 */
export function CopyEventDialog(props: {
  event: EventDto;
  onClose(): void;
  onCopied(copy: EventDto): void;
}) {
  const { event, onClose, onCopied } = props;
  const form = useForm({
    schema: channels['events.copy'].input,
    initial: {
      title: event.title,
      startsAt: nextYear(event.startsAt),
      endsAt: nextYear(event.endsAt),
    },
    toInput: (values) => ({
      id: event.id,
      title: values.title,
      startsAt: instantOf(values.startsAt),
      endsAt: instantOf(values.endsAt),
    }),
    submit: async (input) => {
      const result = await call('events.copy', input);
      if (!result.ok) return result.error;
      toastSuccess(`${result.value.title} is ready as a draft`, 'Attendees were not copied.');
      onCopied(result.value);
      return null;
    },
  });
  return (
    <Dialog
      title="Copy event"
      description={`A new draft like ${event.title}, without attendees.`}
      onClose={onClose}
    >
      <form className="form" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <TextField label="Title" data-autofocus autoComplete="off" {...form.field('title')} />
        <TextField label="Starts" type="datetime-local" {...form.field('startsAt')} />
        <TextField label="Ends" type="datetime-local" {...form.field('endsAt')} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Copy
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
