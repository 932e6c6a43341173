import { useEffect, useId, useRef, useState } from 'react';
import { channels } from '@shared/contract';
import type { EventDto } from '@shared/domain';
import { call } from '../../api/client';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { ChoiceCards } from '../../components/ChoiceCards';
import { Dialog } from '../../components/Dialog';
import { TextArea, TextField } from '../../components/Field';
import { dayIn, timeIn } from '../../format/dates';
import { localZone } from '../../format/zoned-time';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { toastSuccess } from '../../stores/toasts';
import { ConflictNotice } from './ConflictNotice';
import {
  blankEvent,
  capacityProblem,
  eventToValues,
  valuesToFields,
  type EventFormValues,
} from './event-form-values';
import { TimeZoneField } from './TimeZoneField';
import { WallTimeField } from './WallTimeField';

interface EventFormDialogProps {
  /** The event to edit; absent for a new one. */
  event?: EventDto;
  onClose(): void;
  onSaved(event: EventDto): void;
}

const statusChoices = [
  { value: 'draft', title: 'Draft', text: 'Only organizers and admins see it.' },
  { value: 'published', title: 'Published', text: 'Door staff see it; it is open to register.' },
] as const;

/** Where a start in another zone falls on this desktop's clock, so nobody is an hour off. */
function localHint(startsAt: string, zone: string): string | undefined {
  const here = localZone();
  if (!startsAt || zone === here) return undefined;
  return `Starts ${dayIn(startsAt, here)} at ${timeIn(startsAt, here)} on this computer (${here}).`;
}

/** Create or edit an event. Validated with the contract's schema as the app will validate it. */
export function EventFormDialog({ event, onClose, onSaved }: EventFormDialogProps) {
  const categories = useChannel('events.categories', {}).data ?? [];
  const categoryList = useId();
  const formRef = useRef<HTMLFormElement>(null);
  // The saved version this edit is based on; a newer one elsewhere means CONFLICT.
  const [base, setBase] = useState<EventDto | null>(event ?? null);
  const [theirs, setTheirs] = useState<EventDto | null>(null);
  const [resubmit, setResubmit] = useState(0);

  const form = useForm({
    // Create and update share every field rule; an edit adds the id and version it was based on.
    schema: channels['events.create'].input,
    initial: (): EventFormValues => (event ? eventToValues(event) : blankEvent()),
    toInput: valuesToFields,
    extraCheck: (_values, fields) => capacityProblem(fields),
    submit: async (fields) => {
      const result = base
        ? await call('events.update', { id: base.id, version: base.version, ...fields })
        : await call('events.create', fields);
      if (result.ok) {
        toastSuccess(base ? 'Event saved' : 'Event created', result.value.title);
        onSaved(result.value);
        return null;
      }
      if (base && result.error.code === 'CONFLICT') {
        const latest = await call('events.get', { id: base.id });
        if (latest.ok && latest.value.version !== base.version) {
          setTheirs(latest.value);
          return null;
        }
      }
      return result.error;
    },
  });

  // "Overwrite" re-sends once the form is based on their version.
  useEffect(() => {
    if (resubmit > 0) formRef.current?.requestSubmit();
  }, [resubmit]);

  const { values, field } = form;

  return (
    <Dialog
      title={base ? 'Edit event' : 'New event'}
      description={base ? base.title : 'Times are on the clock of the event’s time zone.'}
      onClose={onClose}
      wide
    >
      <form ref={formRef} className="form" noValidate onSubmit={form.handleSubmit}>
        {theirs && base ? (
          <ConflictNotice
            mine={base}
            theirs={theirs}
            onReload={() => {
              form.setValues(eventToValues(theirs));
              setBase(theirs);
              setTheirs(null);
            }}
            onOverwrite={() => {
              setBase(theirs);
              setTheirs(null);
              setResubmit((n) => n + 1);
            }}
          />
        ) : (
          <FormError error={form.error} />
        )}
        <div className="field-grid">
          <div className="span-2">
            <TextField
              label="Title"
              data-autofocus
              {...field('title')}
              placeholder="Community Hack Day"
            />
          </div>
          <TextField
            label="Category"
            {...field('category')}
            list={categoryList}
            placeholder="meetup, workshop…"
          />
          <datalist id={categoryList}>
            {categories.map((category) => (
              <option key={category} value={category} />
            ))}
          </datalist>
          <TextField
            label="Capacity"
            inputMode="numeric"
            {...field('capacity', 'maxAttendees')}
            hint="Seats; leave empty for no limit. When full, people join the waitlist."
          />
          <div className="span-2">
            <TextField label="Location" {...field('location')} placeholder="Venue and address" />
          </div>
          <div className="span-2">
            <TimeZoneField
              {...field('timeZone')}
              hint={localHint(form.input.startsAt, values.timeZone)}
            />
          </div>
          <WallTimeField
            legend="Starts"
            date={values.startDate}
            time={values.startTime}
            onDate={field('startDate', 'startsAt').onChange}
            onTime={field('startTime', 'startsAt').onChange}
            error={form.fields.startsAt}
          />
          <WallTimeField
            legend="Ends"
            date={values.endDate}
            time={values.endTime}
            onDate={field('endDate', 'endsAt').onChange}
            onTime={field('endTime', 'endsAt').onChange}
            error={form.fields.endsAt}
          />
          <ChoiceCards
            legend="Status"
            name="status"
            className="span-2"
            choices={statusChoices}
            value={values.status}
            onChange={field('status').onChange}
          />
          <div className="span-2">
            <TextArea label="Description" rows={3} {...field('description')} />
          </div>
        </div>
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            {base ? 'Save changes' : 'Create event'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
