import type { ErrorBody } from '@shared/contract';
import { pointFields, type CheckInPointDto } from '@shared/contract/points';
import type { TicketTypeDto } from '@shared/contract/ticket-types';
import type { EventDto } from '@shared/domain';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Checkbox, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { instantToWall, wallToInstant } from '../../format/zoned-time';
import { useForm } from '../../forms/use-form';
import { toastSuccess } from '../../stores/toasts';

interface PointValues {
  name: string;
  /** null: every ticket type, now and added later. */
  ticketTypeIds: string[] | null;
  validFrom: string;
  validUntil: string;
  allowMultipleEntries: boolean;
  recordsExits: boolean;
  allowReentry: boolean;
  capacity: string;
  printsBadge: boolean;
}

/** An instant as a datetime-local value ("2027-06-01T09:00") on the event's clock. */
const wallInput = (iso: string | null, zone: string) => {
  if (!iso) return '';
  const { date, time } = instantToWall(iso, zone);
  return `${date}T${time}`;
};

/** A datetime-local value on the event's clock as an instant; empty: no limit. */
const instantInput = (wall: string, zone: string) => {
  if (wall.trim() === '') return null;
  const [date = '', time = ''] = wall.split('T');
  return wallToInstant({ date, time }, zone);
};

const valuesOf = (point: CheckInPointDto | null, zone: string): PointValues => ({
  name: point?.name ?? '',
  ticketTypeIds: point?.ticketTypeIds ?? null,
  validFrom: wallInput(point?.validFrom ?? null, zone),
  validUntil: wallInput(point?.validUntil ?? null, zone),
  allowMultipleEntries: point?.allowMultipleEntries ?? false,
  recordsExits: point?.recordsExits ?? false,
  allowReentry: point?.allowReentry ?? true,
  capacity: point?.capacity?.toString() ?? '',
  printsBadge: point?.printsBadge ?? false,
});

// The server names fields under `point.`; the form's fields are the point's own.
const unnested = (error: ErrorBody): ErrorBody => ({
  ...error,
  fields: error.fields
    ? Object.fromEntries(
        Object.entries(error.fields).map(([key, message]) => [
          key.replace(/^point\./, ''),
          message,
        ]),
      )
    : error.fields,
});

/** Adds or edits one gate, day or session of the event: who it admits, when, and how. */
export function CheckInPointDialog(props: {
  event: EventDto;
  point: CheckInPointDto | null;
  ticketTypes: TicketTypeDto[];
  onClose(): void;
}) {
  const { event, point, ticketTypes, onClose } = props;
  const form = useForm({
    schema: pointFields,
    initial: () => valuesOf(point, event.timeZone),
    toInput: (values) => ({
      name: values.name,
      ticketTypeIds: values.ticketTypeIds,
      validFrom: instantInput(values.validFrom, event.timeZone),
      validUntil: instantInput(values.validUntil, event.timeZone),
      allowMultipleEntries: values.allowMultipleEntries,
      recordsExits: values.recordsExits,
      allowReentry: values.recordsExits && values.allowReentry,
      capacity: values.capacity.trim() === '' ? null : Number(values.capacity),
      printsBadge: values.printsBadge,
    }),
    submit: async (fields) => {
      const result = point
        ? await call('points.update', { id: point.id, version: point.version, point: fields })
        : await call('points.create', { eventId: event.id, point: fields });
      if (!result.ok) return unnested(result.error);
      toastSuccess(point ? `${result.value.name} saved` : `${result.value.name} added`);
      onClose();
      return null;
    },
  });
  const { values } = form;
  const chosen = values.ticketTypeIds;
  const toggleType = (id: string, on: boolean) => {
    const current = chosen ?? ticketTypes.map((type) => type.id);
    const next = on ? [...current, id] : current.filter((other) => other !== id);
    // Every type ticked is "every type": a type added later is admitted too.
    form.set('ticketTypeIds', next.length === ticketTypes.length ? null : next);
  };

  return (
    <Dialog
      title={point ? 'Edit check-in point' : 'Add check-in point'}
      description={`For ${event.title}. Times are on the clock of ${event.timeZone}.`}
      onClose={onClose}
    >
      <form className="form" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <TextField
          label="Name"
          data-autofocus
          autoComplete="off"
          hint="What door staff pick at the station, e.g. “Main gate” or “Day 2”."
          {...form.field('name')}
        />
        <fieldset className="field">
          <legend>Ticket types admitted</legend>
          {ticketTypes.map((type) => (
            <Checkbox
              key={type.id}
              label={type.name}
              checked={chosen === null || chosen.includes(type.id)}
              onChange={(on) => toggleType(type.id, on)}
            />
          ))}
          {form.fields.ticketTypeIds && (
            <p className="field-error" role="alert">
              {form.fields.ticketTypeIds}
            </p>
          )}
        </fieldset>
        <TextField
          label="Admits from"
          type="datetime-local"
          hint="Leave empty: from any time."
          {...form.field('validFrom')}
        />
        <TextField
          label="Admits until"
          type="datetime-local"
          hint="Leave empty: until any time."
          {...form.field('validUntil')}
        />
        <Checkbox
          label="Admit the same ticket more than once"
          hint="Off: the first check-in counts and a second scan says “already checked in”."
          checked={values.allowMultipleEntries}
          onChange={(on) => form.set('allowMultipleEntries', on)}
        />
        <Checkbox
          label="Record exits"
          hint="Door staff switch the station to “out” as people leave; the event shows who is inside."
          checked={values.recordsExits}
          onChange={(on) => form.set('recordsExits', on)}
        />
        {values.recordsExits && (
          <Checkbox
            label="Let people who left come back in"
            checked={values.allowReentry}
            onChange={(on) => form.set('allowReentry', on)}
          />
        )}
        <TextField
          label="Capacity inside"
          inputMode="numeric"
          hint="Door staff are warned near it. Leave empty: no warning."
          {...form.field('capacity')}
        />
        <Checkbox
          label="Print a badge when someone is admitted"
          hint="The station here prints the person’s name badge (the event’s badge layout) through the print dialog, after the verdict."
          checked={values.printsBadge}
          onChange={(on) => form.set('printsBadge', on)}
        />
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
