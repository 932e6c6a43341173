import { channels } from '@shared/contract';
import type { EventDto } from '@shared/domain';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { count } from '../../format/numbers';
import { toastSuccess, useToasts } from '../../stores/toasts';
import { typeLabel, useTicketTypes } from './use-ticket-types';

interface RegisterDialogProps {
  event: EventDto;
  onClose(): void;
  onRegistered(): void;
}

/** Registers one attendee; a full event puts them on the waitlist, and the toast says so. */
export function RegisterDialog({ event, onClose, onRegistered }: RegisterDialogProps) {
  const full = event.maxAttendees !== null && event.registeredCount >= event.maxAttendees;
  const types = useTicketTypes(event.id).data ?? [];
  const form = useForm({
    schema: channels['registrations.register'].input,
    initial: { name: '', email: '', ticketTypeId: '' },
    // No choice made: the event's first (default) type.
    toInput: ({ ticketTypeId, ...values }) => ({
      eventId: event.id,
      ...values,
      ...(ticketTypeId ? { ticketTypeId } : {}),
    }),
    submit: async (input) => {
      const result = await call('registrations.register', input);
      if (!result.ok) return result.error;
      const { registration, outcome } = result.value;
      if (outcome === 'registered') {
        toastSuccess(`${registration.attendeeName} is registered`, 'Their ticket is ready.');
      } else {
        useToasts.getState().show({
          kind: 'info',
          title: `${registration.attendeeName} is on the waitlist`,
          message: `No seat is free for their ticket type. Place ${count(registration.waitlistPosition ?? 0)} in line.`,
        });
      }
      onRegistered();
      return null;
    },
  });
  return (
    <Dialog
      title="Register attendee"
      description={
        full ? 'This event is full: new registrations join the waitlist.' : `For ${event.title}.`
      }
      onClose={onClose}
    >
      <form className="form" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <TextField label="Name" data-autofocus autoComplete="off" {...form.field('name')} />
        <TextField label="Email" type="email" autoComplete="off" {...form.field('email')} />
        {types.length > 1 && (
          <SelectField
            label="Ticket type"
            options={[
              { value: '', label: `${types[0]!.name} (default)` },
              ...types.map((type) => ({ value: type.id, label: typeLabel(type) })),
            ]}
            {...form.field('ticketTypeId')}
          />
        )}
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            {full ? 'Add to waitlist' : 'Register'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
