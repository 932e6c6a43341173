import type { BadgeLayoutDto } from '@shared/contract/badges';
import type { EventDto } from '@shared/domain';
import { answerText, type AnswerValue, type QuestionKind } from '@shared/questions';
import { writeAudit } from '../audit/write-audit';
import type { Db } from '../db/db';
import type { CoreDeps } from '../deps';
import { conflict, invalid, notFound } from '../errors';
import { assertManages, eventColumns } from '../events/event-sql';
import type { DomainHandlers } from '../handlers';
import { attendeesByName, type AttendeeSelection } from '../registrations/attendees-by-name';
import { savePdf } from '../tickets/save-pdf';
import type { Badge } from './badge';
import { readLayout } from './layout';

/** The event's badges in name order, a page at a time, with the layout's second line filled in. */
async function* badgesOf(
  db: Db,
  event: EventDto,
  layout: BadgeLayoutDto,
  where: AttendeeSelection,
): AsyncGenerator<Badge> {
  const rows = attendeesByName<{
    id: string;
    name: string;
    code: string;
    type: string;
    kind: QuestionKind | null;
    value: AnswerValue | null;
  }>(db, event.id, where, {
    columns: 'r.ticket_code as code, t.name as type, q.kind, a.value',
    joins: `join ticket_types t on t.id = r.ticket_type_id
            left join event_questions q on q.id = $3::uuid
            left join registration_answers a on a.registration_id = r.id and a.question_id = q.id`,
    params: [layout.subtitleQuestionId],
  });
  for await (const row of rows) {
    yield {
      code: row.code,
      attendeeName: row.name,
      subtitle: row.kind && row.value !== null ? answerText(row.kind, row.value) : '',
      ticketType: layout.showTicketType ? row.type : '',
      eventTitle: event.title,
    };
  }
}

export function badgesHandlers(deps: CoreDeps): DomainHandlers<'badges'> {
  const { db } = deps;

  async function managedEvent(user: Parameters<typeof assertManages>[0], eventId: string) {
    const event = await db.one<EventDto>(`select ${eventColumns} from events e where e.id = $1`, [
      eventId,
    ]);
    if (!event) throw notFound('That event');
    assertManages(user, event);
    return event;
  }

  async function writeBadges(
    user: Parameters<typeof assertManages>[0],
    eventId: string,
    where: AttendeeSelection,
    requestedPath: string,
  ) {
    const event = await managedEvent(user, eventId);
    const layout = await readLayout(db, eventId);
    const { path, count, bytes } = await savePdf(
      requestedPath,
      'badges',
      async (out) => {
        // pdfkit and fontkit load with the first PDF, not with every `usher` call.
        const { writeBadgeSheets, writeOneBadge } = await import('./badge-pdf');
        const badges = badgesOf(db, event, layout, where);
        if ('filter' in where) return writeBadgeSheets(badges, out);
        const first = await badges.next();
        if (first.done) throw notFound('That registration');
        return writeOneBadge(first.value, out);
      },
      (path, badges) =>
        writeAudit(db, {
          actorId: user.id,
          action: 'registrationId' in where ? 'badges.pdf' : 'badges.batch',
          entity: 'registrationId' in where ? 'registration' : 'event',
          entityId: 'registrationId' in where ? where.registrationId : eventId,
          after: { path, badges, ...('filter' in where ? { filter: where.filter } : {}) },
        }),
    );
    return { path, badges: count, bytes };
  }

  return {
    'badges.layout': async ({ eventId }, { user }) => {
      await managedEvent(user, eventId);
      return readLayout(db, eventId);
    },

    'badges.saveLayout': async (input, { user }) => {
      const { eventId, version, subtitleQuestionId, showTicketType } = input;
      return db.eventTx([eventId], async (sql) => {
        const event = await sql.one<{ createdBy: string | null }>(
          'select created_by as "createdBy" from events where id = $1 for no key update',
          [eventId],
        );
        if (!event) throw notFound('That event');
        assertManages(user, event);
        if (subtitleQuestionId) {
          const question = await sql.one(
            'select 1 from event_questions where id = $1 and event_id = $2 and archived_at is null',
            [subtitleQuestionId, eventId],
          );
          if (!question)
            throw invalid('subtitleQuestionId', 'Choose one of this event’s questions');
        }
        const before = await readLayout(sql, eventId);
        if (before.version !== version) {
          throw conflict('Someone else changed the badge layout. Reload and try again.');
        }
        const after = (await sql.one<BadgeLayoutDto>(
          `insert into badge_layouts (event_id, subtitle_question_id, show_ticket_type)
           values ($1, $2, $3)
           on conflict (event_id) do update
             set subtitle_question_id = excluded.subtitle_question_id,
                 show_ticket_type = excluded.show_ticket_type,
                 version = badge_layouts.version + 1, updated_at = now()
           returning event_id as "eventId", subtitle_question_id as "subtitleQuestionId",
                     show_ticket_type as "showTicketType", version`,
          [eventId, subtitleQuestionId, showTicketType],
        ))!;
        await writeAudit(sql, {
          actorId: user.id,
          action: 'badges.saveLayout',
          entity: 'event',
          entityId: eventId,
          before,
          after,
        });
        return after;
      });
    },

    'badges.pdf': async ({ registrationId, path }, { user }) => {
      const registration = await db.one<{ eventId: string }>(
        'select event_id as "eventId" from event_registrations where id = $1',
        [registrationId],
      );
      if (!registration) throw notFound('That registration');
      return writeBadges(user, registration.eventId, { registrationId }, path);
    },

    'badges.batch': async ({ eventId, filter, path }, { user }) =>
      writeBadges(user, eventId, { filter }, path),
  };
}
