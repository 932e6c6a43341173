import { useRef, useState, type KeyboardEvent } from 'react';
import { channels } from '@shared/contract';
import { roleRank } from '@shared/domain';
import { answersSchema, appliesTo } from '@shared/questions';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { useSession } from '../../stores/session';
import { useVerdict } from '../../stores/door-verdict';
import { AnswerFields, answersFromDrafts, type AnswerDrafts } from '../questions/AnswerFields';

/** Whether the signed-in staff member may register walk-ins: supervisors (the core refuses stewards too). */
export function useMayRegisterWalkIns(): boolean {
  const role = useSession((state) => state.user?.role);
  return !!role && roleRank[role] >= roleRank.door;
}

/**
 * A walk-in's form, in the place of the name search while it is open (the search panel's
 * "Register a walk-in" opens it), so the station keeps its camera in view at the smallest window.
 * The form is the event's door-visible questions, checked with the schema every registration
 * uses; the answer shows as a verdict, like a scan.
 */
export function WalkInPanel({ onClose }: { onClose(): void }) {
  return (
    <section className="station-tool walk-in-tool" aria-labelledby="door-walk-in-title">
      <h2 id="door-walk-in-title">Walk-in</h2>
      <WalkInForm onClose={onClose} />
    </section>
  );
}

function WalkInForm({ onClose }: { onClose(): void }) {
  const desk = useChannel('scanner.walkInDesk', {});
  const walkIn = useVerdict((state) => state.walkIn);
  const [chosenType, setChosenType] = useState('');
  const [full, setFull] = useState(false);
  // "Admit anyway" sends the same form once more with force: the supervisor's decision.
  const force = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const types = desk.data?.ticketTypes ?? [];
  const typeId = chosenType || types[0]?.id || null;
  const questions = (desk.data?.questions ?? []).filter((question) => appliesTo(question, typeId));
  const form = useForm({
    schema: channels['scanner.walkIn'].input.extend({
      answers: answersSchema(desk.data?.questions ?? [], typeId),
    }),
    initial: { name: '', email: '', answers: {} as AnswerDrafts },
    toInput: (values) => ({
      ...values,
      ...(chosenType ? { ticketTypeId: chosenType } : {}),
      answers: answersFromDrafts(questions, values.answers),
    }),
    submit: async (input) => {
      // Read as it is sent: "Admit anyway" sets it just before submitting.
      const failure = await walkIn({ ...input, force: force.current });
      force.current = false;
      setFull(failure?.code === 'FULL');
      if (!failure) onClose();
      return failure?.code === 'FULL' ? null : failure;
    },
  });

  const onKeyDown = (key: KeyboardEvent) => {
    if (key.key === 'Enter' && key.target instanceof HTMLSelectElement) {
      // Enter sends the form from every field, a choice list too, as it does from a text field.
      key.preventDefault();
      formRef.current?.requestSubmit();
    } else if (key.key === 'Escape') {
      // Back to the scan field, not the station's own Escape.
      key.preventDefault();
      key.stopPropagation();
      onClose();
    }
  };

  if (desk.error) return <p className="muted">{desk.error.message}</p>;
  return (
    <form
      ref={formRef}
      className="form walk-in-form"
      noValidate
      onSubmit={form.handleSubmit}
      onKeyDown={onKeyDown}
    >
      <FormError error={form.error} />
      <TextField label="Name" autoFocus autoComplete="off" {...form.field('name')} />
      <TextField label="Email" type="email" autoComplete="off" {...form.field('email')} />
      {types.length > 1 && (
        <SelectField
          label="Ticket type"
          options={types.map((type) => ({ value: type.id, label: type.name }))}
          value={typeId ?? ''}
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
      {full && (
        <div className="walk-in-full" role="alert">
          <p>
            <strong>No seat is left for this ticket type.</strong> Admitting them anyway registers
            them flagged as over capacity, for the organizer to see.
          </p>
          <Button
            variant="danger"
            busy={form.busy}
            onClick={() => {
              force.current = true;
              formRef.current?.requestSubmit();
            }}
          >
            Admit anyway
          </Button>
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" busy={form.busy || !desk.data}>
          Register and check in
        </Button>
      </div>
    </form>
  );
}
