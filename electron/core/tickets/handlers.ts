import type { EventDto } from '@shared/domain';
import type { CoreDeps } from '../deps';
import { notFound } from '../errors';
import { assertManages, eventColumns } from '../events/event-sql';
import type { DomainHandlers } from '../handlers';
import { writeAudit } from '../audit/write-audit';
import type { Db } from '../db/db';
import { savePdf } from './save-pdf';
import { attendeesByName, type AttendeeSelection } from '../registrations/attendees-by-name';
import type { Ticket } from './ticket';

async function* ticketsOf(
  db: Db,
  event: EventDto,
  where: AttendeeSelection,
): AsyncGenerator<Ticket> {
  const rows = attendeesByName<{ id: string; name: string; code: string }>(db, event.id, where, {
    columns: 'r.ticket_code as code',
  });
  for await (const row of rows) {
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
}

export function ticketsHandlers(deps: CoreDeps): DomainHandlers<'tickets'> {
  const { db } = deps;

  async function writeTickets(
    user: Parameters<typeof assertManages>[0],
    eventId: string,
    where: AttendeeSelection,
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
