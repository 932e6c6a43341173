import type { MessageKind, TemplateKind } from '@shared/contract/mail';
import type { Db, Sql } from '../db/db';
import { isoUtc } from '../sql-format';
import type { MessageContext } from './render';
import { defaultTemplates } from './templates';

export interface ClaimOptions {
  workerId: string;
  batch: number;
  /** How long a claim holds: a worker that dies mid-send gives its messages back after it. */
  leaseMs: number;
  perMinute: number;
}

/** A claimed message and how many times it has been tried, this time included. */
export interface Claimed {
  id: string;
  attempts: number;
}

// One lock, for the count-then-claim below, shared by every worker on the database: the rate
// limit holds for the whole team, not per desktop.
const claimLock = 0x75736865; // "ushe"

/**
 * Claims due messages for this worker: queued ones whose time has come, and ones whose
 * worker's lease ran out (it crashed mid-send; sending again may duplicate that one message, and
 * the stable Message-ID lets the receiving side see it is the same). At most `perMinute` start
 * in any minute.
 */
export async function claimDue(db: Db, options: ClaimOptions): Promise<Claimed[]> {
  return db.tx(async (sql) => {
    await sql.run('select pg_advisory_xact_lock($1)', [claimLock]);
    const recent = await sql.one<{ n: number }>(
      `select count(*)::int as n from mail_outbox where last_attempt_at > now() - interval '1 minute'`,
    );
    const budget = Math.min(options.batch, options.perMinute - (recent?.n ?? 0));
    if (budget <= 0) return [];
    const rows = await sql.many<Claimed & { createdAt: string }>(
      `update mail_outbox set status = 'sending', claimed_by = $1, attempts = attempts + 1,
              lease_until = now() + make_interval(secs => $2::float8 / 1000),
              last_attempt_at = now()
        where id in (
          select id from mail_outbox
           where (status = 'queued' and next_attempt_at <= now())
              or (status = 'sending' and lease_until < now())
           order by next_attempt_at, created_at
           limit $3 for update skip locked)
        returning id, attempts, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as "createdAt"`,
      [options.workerId, options.leaseMs, budget],
    );
    // RETURNING follows no order: sort, so each attendee's messages go out as they were queued.
    return rows
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map(({ id, attempts }) => ({ id, attempts }));
  });
}

interface ContextRow {
  id: string;
  kind: MessageKind;
  toAddress: string;
  toName: string;
  custom: { subject: string; body: string } | null;
  eventTitle: string | null;
  location: string | null;
  startsAt: string | null;
  endsAt: string | null;
  timeZone: string | null;
  registrationId: string | null;
  ticketCode: string | null;
  waitlistPosition: number | null;
  subject: string | null;
  body: string | null;
}

/** The claimed messages with what rendering needs, read in one statement. */
export async function loadContexts(sql: Sql, ids: string[]): Promise<Map<string, MessageContext>> {
  const rows = await sql.many<ContextRow>(
    `select o.id, o.kind, o.to_address as "toAddress", o.to_name as "toName", o.custom,
            e.title as "eventTitle", e.location, ${isoUtc('e.starts_at')} as "startsAt",
            ${isoUtc('e.ends_at')} as "endsAt", e.time_zone as "timeZone",
            r.id as "registrationId", r.ticket_code as "ticketCode",
            case when r.status = 'waitlisted' then
              (select count(*)::int from event_registrations w
                where w.event_id = r.event_id and w.status = 'waitlisted' and w.seq <= r.seq)
            end as "waitlistPosition",
            t.subject, t.body
       from mail_outbox o
       left join events e on e.id = o.event_id
       left join event_registrations r on r.id = o.registration_id
       left join mail_templates t on t.event_id = o.event_id and t.kind = o.kind
      where o.id = any($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, toContext(row)]));
}

function toContext(row: ContextRow): MessageContext {
  const fallback = row.kind in defaultTemplates ? defaultTemplates[row.kind as TemplateKind] : null;
  const words = row.custom ??
    (row.subject !== null ? { subject: row.subject, body: row.body! } : fallback) ?? {
      subject: '',
      body: '',
    };
  return {
    kind: row.kind,
    to: { name: row.toName, address: row.toAddress },
    subject: words.subject,
    body: words.body,
    event:
      row.eventTitle !== null
        ? {
            eventTitle: row.eventTitle,
            location: row.location ?? '',
            startsAt: row.startsAt!,
            endsAt: row.endsAt!,
            timeZone: row.timeZone!,
          }
        : null,
    registration:
      row.registrationId !== null
        ? {
            id: row.registrationId,
            ticketCode: row.ticketCode!,
            waitlistPosition: row.waitlistPosition,
          }
        : null,
  };
}

/** Only the claim's holder may settle it: a worker whose lease ran out has lost the message. */
export const markSent = (sql: Sql, ids: string[], workerId: string) =>
  sql.run(
    `update mail_outbox set status = 'sent', sent_at = now(), lease_until = null, last_error = null
      where id = any($1::uuid[]) and claimed_by = $2 and status = 'sending'`,
    [ids, workerId],
  );

/**
 * Records messages as sent in group commits: a message is written by the first statement that
 * starts after the server accepted it, together with every other message accepted while the
 * statement before ran; the statements stop being one per message when the SMTP connections
 * outpace them. How many accepted messages may wait unrecorded (and be sent again after a
 * kill -9) is bounded by the worker's send slots, one per connection (send-slots.ts).
 */
export function sentRecorder(sql: Sql, workerId: string): (id: string) => Promise<void> {
  let gathering: { ids: string[]; written: Promise<void> } | null = null;
  let previous: Promise<unknown> = Promise.resolve();
  return (id) => {
    if (!gathering) {
      const group = { ids: [] as string[], written: Promise.resolve() };
      group.written = previous.then(async () => {
        // From here on, messages accepted wait for the next statement.
        if (gathering === group) gathering = null;
        await markSent(sql, group.ids, workerId);
      });
      // Each statement follows the one before, whether that one was written or failed.
      previous = group.written.catch(() => {});
      gathering = group;
    }
    gathering.ids.push(id);
    return gathering.written;
  };
}

export const markFailed = (sql: Sql, id: string, workerId: string, reason: string) =>
  sql.run(
    `update mail_outbox set status = 'failed', lease_until = null, last_error = $3
      where id = $1 and claimed_by = $2 and status = 'sending'`,
    [id, workerId, reason],
  );

export const markRetry = (
  sql: Sql,
  id: string,
  workerId: string,
  reason: string,
  delayMs: number,
) =>
  sql.run(
    `update mail_outbox set status = 'queued', lease_until = null, last_error = $3,
            next_attempt_at = now() + make_interval(secs => $4::float8 / 1000)
      where id = $1 and claimed_by = $2 and status = 'sending'`,
    [id, workerId, reason, delayMs],
  );

export const attemptsOf = async (sql: Sql, id: string) =>
  (await sql.one<{ attempts: number }>('select attempts from mail_outbox where id = $1', [id]))
    ?.attempts ?? 0;
