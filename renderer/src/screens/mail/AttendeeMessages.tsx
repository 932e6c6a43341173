import { useCallback, useRef, useState } from 'react';
import type { MessageDto } from '@shared/contract/mail';
import type { RegistrationDto } from '@shared/domain';
import { act } from '../../api/act';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { kindLabels, stateLabels } from './labels';

const tones = { queued: 'neutral', sending: 'neutral', sent: 'good', failed: 'bad' } as const;

/** One attendee's messages and their state (queued, sent, failed with the server's reason). */
export function AttendeeMessages({ eventId }: { eventId: string }) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<RegistrationDto[]>([]);
  const [attendee, setAttendee] = useState<RegistrationDto | null>(null);
  const [messages, setMessages] = useState<MessageDto[] | null>(null);

  const latest = useRef('');
  const find = (text: string) => {
    setSearch(text);
    latest.current = text;
    if (!text.trim()) return setFound([]);
    void call('registrations.list', { eventId, search: text, limit: 10 }).then(
      // Only the answer to the latest search counts.
      (r) => r.ok && latest.current === text && setFound(r.value.items),
    );
  };
  const load = useCallback(async (who: RegistrationDto) => {
    const r = await call('mail.messages', { registrationId: who.id });
    if (r.ok) setMessages(r.value);
  }, []);

  return (
    <section className="panel stack" aria-labelledby="mail-attendee-title">
      <h2 id="mail-attendee-title">An attendee’s messages</h2>
      <TextField label="Find attendee" type="search" value={search} onChange={find} />
      {found.length > 0 && (
        <ul className="plain-list" aria-label="Matching attendees">
          {found.map((r) => (
            <li key={r.id}>
              <Button
                variant="ghost"
                onClick={() => {
                  setAttendee(r);
                  void load(r);
                }}
              >
                {`${r.attendeeName} <${r.attendeeEmail}>`}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {attendee && messages && (
        <table className="table" aria-label={`Messages to ${attendee.attendeeName}`}>
          <thead>
            <tr>
              <th>Message</th>
              <th>To</th>
              <th>State</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{kindLabels[m.kind]}</td>
                <td>{m.toAddress}</td>
                <td>
                  <span className={`badge ${tones[m.status]}`}>{stateLabels[m.status]}</span>
                  {m.lastError && <span className="field-hint"> {m.lastError}</span>}
                </td>
                <td>
                  <Button
                    onClick={async () => {
                      if (
                        await act('mail.resend', { messageId: m.id }, () => [
                          'Message queued again',
                        ])
                      )
                        await load(attendee);
                    }}
                  >
                    Resend
                  </Button>
                </td>
              </tr>
            ))}
            {messages.length === 0 && (
              <tr>
                <td colSpan={4}>No messages yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
