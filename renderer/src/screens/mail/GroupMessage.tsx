import { useEffect, useState } from 'react';
import { recipientFilters, type RecipientFilter } from '@shared/contract/mail';
import { act } from '../../api/act';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { filterLabels } from './labels';

/** A message to a filtered group, with how many it reaches before it goes; and missing tickets. */
export function GroupMessage({ eventId }: { eventId: string }) {
  const [filter, setFilter] = useState<RecipientFilter>('registered');
  const [counted, setCounted] = useState<{ filter: RecipientFilter; count: number } | null>(null);
  // A count for another filter is no count: show "Counting…" until this one's arrives.
  const count = counted?.filter === filter ? counted.count : null;
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    void call('mail.countGroup', { eventId, filter }).then(
      (r) => r.ok && setCounted({ filter, count: r.value.count }),
    );
  }, [eventId, filter]);

  async function send() {
    const result = await call('mail.sendGroup', { eventId, filter, subject, body });
    if (!result.ok) {
      setErrors(result.error.fields ?? { body: result.error.message });
      return;
    }
    setErrors({});
    setSubject('');
    setBody('');
    await act('mail.countGroup', { eventId, filter }, () => [
      `Queued ${result.value.queued} messages`,
    ]);
  }

  return (
    <section className="panel stack" aria-labelledby="mail-group-title">
      <h2 id="mail-group-title">Message to a group</h2>
      <SelectField
        label="Recipients"
        value={filter}
        onChange={(v) => setFilter(v as RecipientFilter)}
        options={recipientFilters.map((f) => ({ value: f, label: filterLabels[f] }))}
        hint={
          count === null
            ? 'Counting…'
            : `${count} ${count === 1 ? 'person' : 'people'} will receive it`
        }
      />
      <TextField
        label="Group subject"
        value={subject}
        onChange={setSubject}
        error={errors.subject}
      />
      <TextArea
        label="Group message"
        rows={5}
        value={body}
        onChange={setBody}
        error={errors.body}
      />
      <div className="actions">
        <Button variant="primary" disabled={!count} onClick={() => void send()}>
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
    </section>
  );
}
