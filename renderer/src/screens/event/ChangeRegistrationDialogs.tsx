import { channels } from '@shared/contract';
import type { RegistrationDto } from '@shared/domain';
import { appliesTo, isUnanswered, type QuestionDto } from '@shared/questions';
import { call } from '../../api/client';
import { useChannel } from '../../api/use-channel';
import { AnswerFields, answersFromDrafts, type AnswerDrafts } from '../questions/AnswerFields';
import { Button } from '../../components/Button';
import { Checkbox, SelectField, TextField } from '../../components/Field';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { toastSuccess, useToasts } from '../../stores/toasts';
import { typeLabel, useTicketTypes } from './use-ticket-types';

interface ChangeProps {
  registration: RegistrationDto;
  onClose(): void;
  onChanged(): void;
}

/**
 * The questions a change of type newly asks: those of the new type the old one was not asked.
 * Their answers go with the change (the core refuses it while a required one has none).
 */
const newlyAsked = (questions: QuestionDto[], from: string, to: string) =>
  to === from ? [] : questions.filter((q) => appliesTo(q, to) && !appliesTo(q, from));

/** Corrects name, email or ticket type; someone else's newer change is never overwritten. */
export function EditRegistrationDialog({ registration, onClose, onChanged }: ChangeProps) {
  const types = useTicketTypes(registration.eventId).data ?? [];
  const asked = useChannel('questions.list', { eventId: registration.eventId });
  const held = useChannel('answers.get', { registrationId: registration.id });
  const form = useForm({
    schema: channels['registrations.edit'].input,
    initial: {
      name: registration.attendeeName,
      email: registration.attendeeEmail,
      ticketTypeId: registration.ticketTypeId,
      waitlistIfFull: false,
      answers: {} as AnswerDrafts,
    },
    toInput: ({ waitlistIfFull, answers: drafts, ...values }) => {
      const extra = answersFromDrafts(
        newlyAsked(asked.data ?? [], registration.ticketTypeId, values.ticketTypeId),
        drafts,
      );
      // Answers are sent only when some are given: they replace those of the new type, so an
      // empty set would drop answers the registration keeps for it.
      const given = Object.values(extra).some((value) => !isUnanswered(value));
      const kept = Object.fromEntries(
        Object.entries(held.data?.answers ?? {}).filter(([id]) =>
          (asked.data ?? []).some((q) => q.id === id && appliesTo(q, values.ticketTypeId)),
        ),
      );
      return {
        id: registration.id,
        version: registration.version,
        ...values,
        ifFull: waitlistIfFull ? ('waitlist' as const) : ('refuse' as const),
        ...(given && { answers: { ...kept, ...extra } }),
      };
    },
    submit: async (input) => {
      const result = await call('registrations.edit', input);
      if (!result.ok) return result.error;
      const { registration: after, promoted } = result.value;
      if (after.status === 'waitlisted' && registration.status === 'registered') {
        useToasts.getState().show({
          kind: 'info',
          title: `${after.attendeeName} is on the waitlist for the new type`,
          message: `Place ${after.waitlistPosition ?? 0} in line.`,
        });
      } else {
        toastSuccess(
          `${after.attendeeName} is updated`,
          promoted.length ? `${promoted[0]!.attendeeName} moved up from the waitlist.` : undefined,
        );
      }
      onChanged();
      return null;
    },
  });
  return (
    <Dialog title="Edit registration" description={registration.attendeeName} onClose={onClose}>
      <form className="form" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <TextField label="Name" data-autofocus autoComplete="off" {...form.field('name')} />
        <TextField label="Email" type="email" autoComplete="off" {...form.field('email')} />
        {types.length > 1 && (
          <>
            <SelectField
              label="Ticket type"
              options={types.map((type) => ({ value: type.id, label: typeLabel(type) }))}
              {...form.field('ticketTypeId')}
            />
            <Checkbox
              label="If the new type is full, put them on its waitlist"
              checked={form.values.waitlistIfFull}
              onChange={(checked) => form.set('waitlistIfFull', checked)}
              hint="Otherwise a full type refuses the change and nothing moves."
            />
            <AnswerFields
              questions={newlyAsked(
                asked.data ?? [],
                registration.ticketTypeId,
                form.values.ticketTypeId,
              )}
              drafts={form.values.answers}
              errors={form.fields}
              onChange={(id, draft) =>
                form.set('answers', { ...form.values.answers, [id]: draft }, `answers.${id}`)
              }
            />
          </>
        )}
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Gives the seat to someone else with a new ticket; the old one stops working at the door. */
export function TransferDialog({ registration, onClose, onChanged }: ChangeProps) {
  const form = useForm({
    schema: channels['registrations.transfer'].input,
    initial: { name: '', email: '' },
    toInput: (values) => ({ id: registration.id, version: registration.version, ...values }),
    submit: async (input) => {
      const result = await call('registrations.transfer', input);
      if (!result.ok) return result.error;
      toastSuccess(
        `The ticket now belongs to ${result.value.to.attendeeName}`,
        `${registration.attendeeName}’s old ticket no longer admits.`,
      );
      onChanged();
      return null;
    },
  });
  return (
    <Dialog
      title="Transfer ticket"
      description={`From ${registration.attendeeName}. The new holder gets a new ticket code.`}
      onClose={onClose}
    >
      <form className="form" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <TextField
          label="New holder’s name"
          data-autofocus
          autoComplete="off"
          {...form.field('name')}
        />
        <TextField
          label="New holder’s email"
          type="email"
          autoComplete="off"
          {...form.field('email')}
        />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Transfer
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
