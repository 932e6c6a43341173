import type { EventDto, RegistrationDto } from '@shared/domain';
import type { RecipientFilter, TemplateKind } from '@shared/contract/mail';
import type { Sql } from '../db/db';
import { defaultTemplates } from './templates';

// Everything here runs inside the caller's transaction: the message exists if and only if the
// change that causes it commits. The worker picks the rows up after commit.

/**
 * Queues one message of `kind` per registration, if the event sends that kind automatically
 * (its own choice, or Usher's default). Returns how many were queued.
 */
export async function queueMessages(
  sql: Sql,
  kind: TemplateKind,
  registrationIds: string[],
): Promise<number> {
  if (registrationIds.length === 0) return 0;
  return sql.run(
    `insert into mail_outbox (event_id, registration_id, kind, to_address, to_name)
     select r.event_id, r.id, $2, r.attendee_email, r.attendee_name
       from event_registrations r
      where r.id = any($1::uuid[])
        and coalesce((select t.auto from mail_templates t
                       where t.event_id = r.event_id and t.kind = $2), $3)`,
    [registrationIds, kind, defaultTemplates[kind].auto],
  );
}

/** A register or import batch: tickets for those who got a seat, a waitlist notice for the rest. */
export async function queueRegistrationMessages(
  sql: Sql,
  registrations: Pick<RegistrationDto, 'id' | 'status'>[],
): Promise<void> {
  const ids = (status: RegistrationDto['status']) =>
    registrations.filter((r) => r.status === status).map((r) => r.id);
  await queueMessages(sql, 'confirmation', ids('registered'));
  await queueMessages(sql, 'waitlisted', ids('waitlisted'));
}

type EventFacts = Pick<
  EventDto,
  'id' | 'title' | 'location' | 'startsAt' | 'endsAt' | 'timeZone' | 'status'
>;

/**
 * After an event edit or cancellation: everyone still registered or waiting hears of a
 * cancellation, or of a change to what, when or where (not of a fixed typo in the description).
 */
export async function queueEventChange(
  sql: Sql,
  before: EventFacts,
  after: EventFacts,
): Promise<number> {
  const kind =
    after.status === 'cancelled' && before.status !== 'cancelled'
      ? 'eventCancelled'
      : (['title', 'location', 'startsAt', 'endsAt', 'timeZone'] as const).some(
            (field) => before[field] !== after[field],
          )
        ? 'eventChanged'
        : null;
  if (!kind) return 0;
  return sql.run(
    `insert into mail_outbox (event_id, registration_id, kind, to_address, to_name)
     select r.event_id, r.id, $2, r.attendee_email, r.attendee_name
       from event_registrations r
      where r.event_id = $1 and r.status in ('registered', 'waitlisted')
        and coalesce((select t.auto from mail_templates t
                       where t.event_id = $1 and t.kind = $2), $3)`,
    [after.id, kind, defaultTemplates[kind].auto],
  );
}

/** The SQL condition (on alias r) that picks a group's recipients. */
export function recipientCondition(filter: RecipientFilter): string {
  const checkedIn = `exists (select 1 from check_ins c where c.registration_id = r.id and c.reverted_at is null)`;
  switch (filter) {
    case 'registered':
      return `r.status = 'registered'`;
    case 'waitlisted':
      return `r.status = 'waitlisted'`;
    case 'checkedIn':
      return `r.status = 'registered' and ${checkedIn}`;
    case 'noShow':
      return `r.status = 'registered' and not ${checkedIn}`;
  }
}

export async function countRecipients(sql: Sql, eventId: string, filter: RecipientFilter) {
  const row = await sql.one<{ count: number }>(
    `select count(*)::int as count from event_registrations r
      where r.event_id = $1 and ${recipientCondition(filter)}`,
    [eventId],
  );
  return row?.count ?? 0;
}

/** A message the organizer wrote, to everyone the filter picks at this moment. */
export function queueGroupMessage(
  sql: Sql,
  input: { eventId: string; filter: RecipientFilter; subject: string; body: string },
  actorId: string,
): Promise<number> {
  return sql.run(
    `insert into mail_outbox (event_id, registration_id, kind, to_address, to_name, custom, created_by)
     select r.event_id, r.id, 'group', r.attendee_email, r.attendee_name, $2::jsonb, $3
       from event_registrations r
      where r.event_id = $1 and ${recipientCondition(input.filter)}`,
    [input.eventId, JSON.stringify({ subject: input.subject, body: input.body }), actorId],
  );
}

/** Tickets for registered attendees who have none sent, queued or in flight. */
export function queueMissingTickets(sql: Sql, eventId: string, actorId: string): Promise<number> {
  return sql.run(
    `insert into mail_outbox (event_id, registration_id, kind, to_address, to_name, created_by)
     select r.event_id, r.id, 'confirmation', r.attendee_email, r.attendee_name, $2
       from event_registrations r
      where r.event_id = $1 and r.status = 'registered'
        and not exists (select 1 from mail_outbox o
                         where o.registration_id = r.id and o.kind in ('confirmation', 'promoted')
                           and o.status <> 'failed')`,
    [eventId, actorId],
  );
}

/**
 * Reminders whose time has come, for events that send them. The dedupe key makes this safe to
 * run from every worker at once and again after a crash: each attendee gets one reminder.
 */
export function queueDueReminders(sql: Sql): Promise<number> {
  return sql.run(
    `insert into mail_outbox (event_id, registration_id, kind, to_address, to_name, dedupe_key)
     select r.event_id, r.id, 'reminder', r.attendee_email, r.attendee_name, 'reminder:' || r.id
       from mail_templates t
       join events e on e.id = t.event_id
       join event_registrations r on r.event_id = e.id and r.status = 'registered'
      where t.kind = 'reminder' and t.auto and e.status = 'published'
        and e.starts_at > now()
        and e.starts_at - make_interval(mins => coalesce(t.remind_minutes, $1)) <= now()
     on conflict (dedupe_key) do nothing`,
    [defaultTemplates.reminder.remindMinutes],
  );
}

/** Whether the event sends `kind` on its own (its template's choice, or Usher's default). */
export async function sendsAutomatically(
  sql: Sql,
  eventId: string,
  kind: TemplateKind,
): Promise<boolean> {
  const row = await sql.one<{ auto: boolean }>(
    'select auto from mail_templates where event_id = $1 and kind = $2',
    [eventId, kind],
  );
  return row?.auto ?? defaultTemplates[kind].auto;
}
