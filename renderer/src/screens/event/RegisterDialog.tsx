import { useState } from 'react';
import { channels } from '@shared/contract';
import type { EventDto } from '@shared/domain';
import { answersSchema, appliesTo } from '@shared/questions';
import { call } from '../../api/client';
import { useChannel } from '../../api/use-channel';
import { changesTo } from '../../api/live';
import { AnswerFields, answersFromDrafts, type AnswerDrafts } from '../questions/AnswerFields';
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
  // No choice made: the event's first (default) type, which the core gives such a registration.
  const [chosenType, setChosenType] = useState('');
  const typeId = chosenType || types[0]?.id || null;
  // The event's questions for that type, held to the same rule the core applies
  // (shared/questions.ts).
  const asked = useChannel('questions.list', { eventId: event.id }, { watch: changesTo(event.id) });
  const questions = (asked.data ?? []).filter((question) => appliesTo(question, typeId));
  const form = useForm({
    schema: channels['registrations.register'].input.extend({
      answers: answersSchema(asked.data ?? [], typeId),
    }),
    initial: { name: '', email: '', answers: {} as AnswerDrafts },
    toInput: (values) => ({
      eventId: event.id,
      ...values,
      ...(chosenType ? { ticketTypeId: chosenType } : {}),
      answers: answersFromDrafts(questions, values.answers),
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
            value={chosenType}
            onChange={setChosenType}
          />
        )}
        <AnswerFields
          questions={questions}
          drafts={form.values.answers}
          errors={form.fields}
          onChange={(id, draft) =>
            form.set('answers', { ...form.values.answers, [id]: draft }, `answers.${id}`)
          }
        />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy || !asked.data}>
            {full ? 'Add to waitlist' : 'Register'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
