import { channels } from '@shared/contract';
import { recipientFilters, type RecipientFilter } from '@shared/contract/mail';
import { act } from '../../api/act';
import { call } from '../../api/client';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { toastSuccess } from '../../stores/toasts';
import { filterLabels } from './labels';

/** A message to a filtered group, with how many it reaches before it goes; and missing tickets. */
export function GroupMessage({ eventId }: { eventId: string }) {
  const form = useForm({
    schema: channels['mail.sendGroup'].input,
    initial: { eventId, filter: 'registered' as RecipientFilter, subject: '', body: '' },
    submit: async (input, { setValues }) => {
      const result = await call('mail.sendGroup', input);
      if (!result.ok) return result.error;
      setValues({ subject: '', body: '' });
      toastSuccess(`Queued ${result.value.queued} messages`);
      await counted.refetch();
      return null;
    },
  });
  const filter = form.values.filter;
  // Newest wins in the hook: a count for another filter never shows as this one's.
  const counted = useChannel('mail.countGroup', { eventId, filter });
  const count = counted.loading ? null : (counted.data?.count ?? null);

  return (
    <section className="panel stack" aria-labelledby="mail-group-title">
      <h2 id="mail-group-title">Message to a group</h2>
      <form className="stack" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <SelectField
          label="Recipients"
          {...form.field('filter')}
          options={recipientFilters.map((f) => ({ value: f, label: filterLabels[f] }))}
          hint={
            count === null
              ? 'Counting…'
              : `${count} ${count === 1 ? 'person' : 'people'} will receive it`
          }
        />
        <TextField label="Group subject" {...form.field('subject')} />
        <TextArea label="Group message" rows={5} {...form.field('body')} />
        <div className="actions">
          <Button type="submit" variant="primary" disabled={!count} busy={form.busy}>
            {`Send to ${count ?? 0} ${count === 1 ? 'person' : 'people'}`}
          </Button>
          <Button
            onClick={() =>
              void act('mail.sendTickets', { eventId }, (r) => [
                'Tickets queued',
                `${r.queued} attendees had no ticket yet`,
              ])
            }
          >
            Send tickets to everyone who has none yet
          </Button>
        </div>
      </form>
    </section>
  );
}
