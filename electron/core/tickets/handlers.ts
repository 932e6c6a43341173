import type { RecipientFilter } from '@shared/contract/mail';
import type { EventDto } from '@shared/domain';
import type { CoreDeps } from '../deps';
import { notFound } from '../errors';
import { assertManages, eventColumns } from '../events/event-sql';
import type { DomainHandlers } from '../handlers';
import { writeAudit } from '../audit/write-audit';
import type { Db } from '../db/db';
import { savePdf } from './save-pdf';
import { recipientCondition } from '../mail/queue';
import type { Ticket } from './ticket';

// Read in pages along the name index, so a 100,000-attendee batch never sits in memory at once.
const pageSize = 500;

async function* ticketsOf(
  db: Db,
  event: EventDto,
  where: { filter: RecipientFilter } | { registrationId: string },
): AsyncGenerator<Ticket> {
  let after: [string, string] | null = null;
  for (;;) {
    const params: unknown[] = [event.id, pageSize];
    const conditions = ['r.event_id = $1'];
    if ('filter' in where) conditions.push(recipientCondition(where.filter));
    else conditions.push(`r.id = $${params.push(where.registrationId)}`);
    if (after) {
      conditions.push(
        `(r.attendee_name, r.id) > ($${params.push(after[0])}, $${params.push(after[1])}::uuid)`,
      );
    }
    const rows = await db.many<{ id: string; name: string; code: string }>(
      `select r.id, r.attendee_name as name, r.ticket_code as code from event_registrations r
        where ${conditions.join(' and ')} order by r.attendee_name, r.id limit $2`,
      params,
    );
    for (const row of rows) {
      yield {
        code: row.code,
        attendeeName: row.name,
        eventTitle: event.title,
        location: event.location,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timeZone: event.timeZone,
      };
    }
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = [last.name, last.id];
  }
}

export function ticketsHandlers(deps: CoreDeps): DomainHandlers<'tickets'> {
  const { db } = deps;

  async function writeTickets(
    user: Parameters<typeof assertManages>[0],
    eventId: string,
    where: { filter: RecipientFilter } | { registrationId: string },
    requestedPath: string,
  ) {
    const event = await db.one<EventDto>(`select ${eventColumns} from events e where e.id = $1`, [
      eventId,
    ]);
    if (!event) throw notFound('That event');
    assertManages(user, event);
    const { path, count, bytes } = await savePdf(
      requestedPath,
      'tickets',
      async (out) => {
        // pdfkit, fontkit and qrcode load with the first PDF, not with every `usher` call.
        const { writeBatchPdf } = await import('./pdf');
        return writeBatchPdf(ticketsOf(db, event, where), out);
      },
      (path, tickets) =>
        writeAudit(db, {
          actorId: user.id,
          action: 'registrationId' in where ? 'tickets.pdf' : 'tickets.batch',
          entity: 'registrationId' in where ? 'registration' : 'event',
          entityId: 'registrationId' in where ? where.registrationId : eventId,
          after: { path, tickets, ...('filter' in where ? { filter: where.filter } : {}) },
        }),
    );
    return { path, tickets: count, bytes };
  }

  return {
    'tickets.pdf': async ({ registrationId, path }, { user }) => {
      const registration = await db.one<{ eventId: string; status: string }>(
        'select event_id as "eventId", status from event_registrations where id = $1',
        [registrationId],
      );
      if (!registration) throw notFound('That registration');
      return writeTickets(user, registration.eventId, { registrationId }, path);
    },
    'tickets.batch': async ({ eventId, filter, path }, { user }) => {
      return writeTickets(user, eventId, { filter }, path);
    },
  };
}
