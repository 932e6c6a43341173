import { useState } from 'react';
import { channels } from '@shared/contract';
import type { TicketTypeDto } from '@shared/contract/ticket-types';
import type { EventDto } from '@shared/domain';
import { act } from '../../api/act';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { count } from '../../format/numbers';
import { toastSuccess } from '../../stores/toasts';
import { useTicketTypes } from './use-ticket-types';

/** Capacity as the person typed it: empty for unlimited. */
const capacityInput = (text: string) => (text.trim() === '' ? null : Number(text));

function TicketTypeDialog(props: { event: EventDto; type: TicketTypeDto | null; onClose(): void }) {
  const { event, type, onClose } = props;
  const initial = { name: type?.name ?? '', capacity: type?.capacity?.toString() ?? '' };
  const form = useForm({
    schema: type ? channels['ticketTypes.update'].input : channels['ticketTypes.create'].input,
    initial,
    toInput: (values) =>
      type
        ? {
            id: type.id,
            version: type.version,
            name: values.name,
            capacity: capacityInput(values.capacity),
          }
        : { eventId: event.id, name: values.name, capacity: capacityInput(values.capacity) },
    submit: async (input) => {
      const result = type
        ? await call(
            'ticketTypes.update',
            input as Parameters<typeof call<'ticketTypes.update'>>[1],
          )
        : await call(
            'ticketTypes.create',
            input as Parameters<typeof call<'ticketTypes.create'>>[1],
          );
      if (!result.ok) return result.error;
      toastSuccess(type ? `${result.value.name} saved` : `${result.value.name} added`);
      onClose();
      return null;
    },
  });
  return (
    <Dialog
      title={type ? 'Edit ticket type' : 'Add ticket type'}
      description={`For ${event.title}.`}
      onClose={onClose}
    >
      <form className="form" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <TextField label="Name" data-autofocus autoComplete="off" {...form.field('name')} />
        <TextField
          label="Capacity"
          inputMode="numeric"
          hint="Leave empty: only the event’s capacity limits this type."
          {...form.field('capacity')}
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

/** What the event sells: each type with its seats and waitlist; organizers add, edit, order. */
export function TicketTypesPanel(props: { event: EventDto; canManage: boolean }) {
  const { event, canManage } = props;
  const types = useTicketTypes(event.id);
  const [open, setOpen] = useState<{ type: TicketTypeDto | null } | null>(null);
  const list = types.data ?? [];
  const editable = canManage && event.status !== 'cancelled';

  const move = async (index: number, by: number) => {
    const ids = list.map((type) => type.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    await act('ticketTypes.reorder', { eventId: event.id, ids }, () => ['Order saved']);
    await types.refetch();
  };

  return (
    <section className="panel" aria-labelledby="ticket-types-title">
      <div className="toolbar-row">
        <h2 id="ticket-types-title">Ticket types</h2>
        {editable && (
          <Button icon="plus" onClick={() => setOpen({ type: null })}>
            Add ticket type
          </Button>
        )}
      </div>
      <table className="ticket-types">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Registered</th>
            <th scope="col">Waitlisted</th>
            {editable && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {list.map((type, index) => (
            <tr key={type.id}>
              <th scope="row">
                {type.name}
                {index === 0 && list.length > 1 && <span className="muted"> (default)</span>}
              </th>
              <td>
                {count(type.registeredCount)}
                {type.capacity !== null && ` of ${count(type.capacity)}`}
              </td>
              <td>{count(type.waitlistedCount)}</td>
              {editable && (
                <td className="button-row">
                  <Button variant="ghost" onClick={() => setOpen({ type })}>
                    Edit<span className="visually-hidden"> {type.name}</span>
                  </Button>
                  {index > 0 && (
                    <Button variant="ghost" onClick={() => void move(index, -1)}>
                      Move up<span className="visually-hidden"> {type.name}</span>
                    </Button>
                  )}
                  {list.length > 1 && type.registeredCount + type.waitlistedCount === 0 && (
                    <Button
                      variant="ghost"
                      onClick={async () => {
                        await act(
                          'ticketTypes.delete',
                          { id: type.id, version: type.version },
                          () => [`${type.name} removed`],
                        );
                        await types.refetch();
                      }}
                    >
                      Remove<span className="visually-hidden"> {type.name}</span>
                    </Button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <TicketTypeDialog
          event={event}
          type={open.type}
          onClose={() => {
            setOpen(null);
            void types.refetch();
          }}
        />
      )}
    </section>
  );
}
