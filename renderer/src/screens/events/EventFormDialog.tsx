import { useEffect, useId, useRef, useState } from 'react';
import { channels } from '@shared/contract';
import type { EventDto } from '@shared/domain';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { ChoiceCards } from '../../components/ChoiceCards';
import { Dialog } from '../../components/Dialog';
import { TextArea, TextField } from '../../components/Field';
import { dayIn, timeIn } from '../../format/dates';
import { localZone } from '../../format/zoned-time';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { useEventList } from '../../stores/event-list';
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
  const categories = useEventList((state) => state.categories);
  const categoryList = useId();
  const formRef = useRef<HTMLFormElement>(null);
  // The saved version this edit is based on; a newer one elsewhere means CONFLICT.
  const [base, setBase] = useState<EventDto | null>(event ?? null);
  const [values, setValues] = useState<EventFormValues>(() =>
    event ? eventToValues(event) : blankEvent(),
  );
  const [theirs, setTheirs] = useState<EventDto | null>(null);
  const [resubmit, setResubmit] = useState(0);

  const form = useForm({
    // Create and update share every field rule; an edit adds the id and version it was based on.
    schema: channels['events.create'].input,
    extraCheck: capacityProblem,
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

  const set =
    <K extends keyof EventFormValues>(key: K, field: string = key) =>
    (value: EventFormValues[K]) => {
      setValues((current) => ({ ...current, [key]: value }));
      form.clear(field);
    };
  const fields = valuesToFields(values);

  return (
    <Dialog
      title={base ? 'Edit event' : 'New event'}
      description={base ? base.title : 'Times are on the clock of the event’s time zone.'}
      onClose={onClose}
      wide
    >
      <form ref={formRef} className="form" noValidate onSubmit={form.handleSubmit(fields)}>
        {theirs && base ? (
          <ConflictNotice
            mine={base}
            theirs={theirs}
            onReload={() => {
              setValues(eventToValues(theirs));
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
              value={values.title}
              onChange={set('title')}
              error={form.fields.title}
              placeholder="Community Hack Day"
            />
          </div>
          <TextField
            label="Category"
            value={values.category}
            onChange={set('category')}
            error={form.fields.category}
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
            value={values.capacity}
            onChange={set('capacity', 'maxAttendees')}
            error={form.fields.maxAttendees}
            hint="Seats; leave empty for no limit. When full, people join the waitlist."
          />
          <div className="span-2">
            <TextField
              label="Location"
              value={values.location}
              onChange={set('location')}
              error={form.fields.location}
              placeholder="Venue and address"
            />
          </div>
          <div className="span-2">
            <TimeZoneField
              value={values.timeZone}
              onChange={set('timeZone')}
              error={form.fields.timeZone}
              hint={localHint(fields.startsAt, values.timeZone)}
            />
          </div>
          <WallTimeField
            legend="Starts"
            date={values.startDate}
            time={values.startTime}
            onDate={set('startDate', 'startsAt')}
            onTime={set('startTime', 'startsAt')}
            error={form.fields.startsAt}
          />
          <WallTimeField
            legend="Ends"
            date={values.endDate}
            time={values.endTime}
            onDate={set('endDate', 'endsAt')}
            onTime={set('endTime', 'endsAt')}
            error={form.fields.endsAt}
          />
          <ChoiceCards
            legend="Status"
            name="status"
            className="span-2"
            choices={statusChoices}
            value={values.status}
            onChange={set('status')}
          />
          <div className="span-2">
            <TextArea
              label="Description"
              rows={3}
              value={values.description}
              onChange={set('description')}
              error={form.fields.description}
            />
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
