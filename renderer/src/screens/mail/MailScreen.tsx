import { useEffect, useState } from 'react';
import type { EventDto } from '@shared/domain';
import { call } from '../../api/client';
import { SelectField } from '../../components/Field';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../layout/PageHeader';
import { useSession } from '../../stores/session';
import { AttendeeMessages } from './AttendeeMessages';
import { GroupMessage } from './GroupMessage';
import { MailSettingsPanel } from './MailSettingsPanel';
import { TemplateEditor } from './TemplateEditor';
import './mail.css';

/** Messages to attendees: the SMTP account (admins), each event's templates, group messages. */
export function MailScreen() {
  const role = useSession((state) => state.user?.role);
  const [events, setEvents] = useState<EventDto[]>([]);
  const [eventId, setEventId] = useState('');
  useEffect(() => {
    void call('events.list', { limit: 500 }).then((r) => r.ok && setEvents(r.value.items));
  }, []);

  return (
    <>
      <PageHeader
        title="Mail"
        lead="Tickets, notices and messages to attendees. Every message waits in an outbox until the mail server accepts it."
      />
      <div className="stack mail">
        {role === 'admin' && <MailSettingsPanel />}
        <SelectField
          label="Event"
          value={eventId}
          onChange={setEventId}
          options={[
            { value: '', label: 'Choose an event' },
            ...events.map((event) => ({ value: event.id, label: event.title })),
          ]}
        />
        {eventId ? (
          <div className="stack" key={eventId}>
            <TemplateEditor eventId={eventId} />
            <GroupMessage eventId={eventId} />
            <AttendeeMessages eventId={eventId} />
          </div>
        ) : (
          <EmptyState title="Choose an event">
            Its messages, templates and attendees’ mail appear here.
          </EmptyState>
        )}
      </div>
    </>
  );
}
