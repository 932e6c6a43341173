import type { Db } from '../../../electron/core/db/db';
import { newTicketCode } from '../../../electron/core/registrations/ticket-code';

// Test data for door tests and the door benchmark; no test-runner import, so both can use it.

/** Events and registrations straight into the tables, so these tests need no other service. */
export async function createEvent(db: Db, title = 'Door test'): Promise<string> {
  const row = await db.one<{ id: string }>(
    `insert into events (title, starts_at, ends_at, time_zone, status)
     values ($1, now() + interval '1 day', now() + interval '1 day 3 hours', 'Europe/Berlin', 'published')
     returning id`,
    [title],
  );
  return row!.id;
}

export interface TestAttendee {
  id: string;
  ticketCode: string;
}

export async function addAttendees(
  db: Db,
  eventId: string,
  count: number,
  status: 'registered' | 'waitlisted' | 'cancelled' = 'registered',
): Promise<TestAttendee[]> {
  // Real codes, as the app makes them: the door reads every code through its normal form.
  const codes = Array.from({ length: count }, newTicketCode);
  return db.many<TestAttendee>(
    `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
     select $1, 'Guest ' || i, 'guest' || i || '.' || $4 || '@example.org', code, $3
       from unnest($2::text[]) with ordinality as t(code, i)
     order by i
     returning id, ticket_code as "ticketCode"`,
    // The suffix starts with a letter: a search for "Guest 3" must not match it as a prefix.
    [eventId, codes, status, `x${Math.random().toString(36).slice(2, 10)}`],
  );
}

export const checkInsOf = (db: Db, eventId: string) =>
  db.many<{
    registration_id: string;
    nonce: string;
    forced: boolean;
    forced_reason: string | null;
    device_id: string;
  }>(
    'select registration_id, nonce, forced, forced_reason, device_id from check_ins where event_id = $1 order by seq',
    [eventId],
  );

export const checkedInCount = async (db: Db, eventId: string) =>
  (await db.one<{ n: number }>('select checked_in_count as n from events where id = $1', [
    eventId,
  ]))!.n;
