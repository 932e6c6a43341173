import type { QuestionDto } from '@shared/questions';
import type { CoreDeps } from '../deps';
import { AppError, notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import { writeAudit } from '../audit/write-audit';
import type { Sql } from '../db/db';
import { assertManages, assertSeesAttendees } from '../events/event-sql';
import { lockEventCounts } from '../registrations/capacity';
import { questionColumns, readQuestion, readQuestions, restampAnswered } from './question-sql';
import { freeKey } from './question-key';
import { assertSettingsKeepAnswers } from './keep-answers';
import { assertEventTypes } from './question-types';

const stale = () =>
  new AppError(
    'CONFLICT',
    'Someone else changed this question after you opened it. Reload to see their changes.',
  );

/** Locks the event (questions change under the lock registrations take) and checks the caller. */
async function lockManagedEvent(
  sql: Sql,
  eventId: string,
  user: Parameters<typeof assertManages>[0],
) {
  const event = await lockEventCounts(sql, eventId);
  if (!event) throw notFound('That event');
  assertManages(user, event);
  if (event.status === 'cancelled') throw new AppError('CONFLICT', 'This event is cancelled');
  return event;
}

async function eventOfQuestion(sql: Sql, id: string): Promise<string> {
  const found = await sql.one<{ eventId: string }>(
    'select event_id as "eventId" from event_questions where id = $1',
    [id],
  );
  if (!found) throw notFound('That question');
  return found.eventId;
}

/** The question, locked, at the version the editor saw. */
async function lockQuestion(sql: Sql, id: string, version: number): Promise<QuestionDto> {
  const question = await sql.one<QuestionDto>(
    `select ${questionColumns} from event_questions q where q.id = $1 for update`,
    [id],
  );
  if (!question) throw notFound('That question');
  if (question.version !== version) throw stale();
  if (question.archived) throw new AppError('CONFLICT', 'This question was deleted');
  return question;
}

export function questionsHandlers(deps: CoreDeps): DomainHandlers<'questions'> {
  const { db } = deps;
  // Questions shape the attendee list (its filters and answers) and what the door shows.
  const changed = (eventId: string) =>
    deps.publishChange({ topic: 'registrations.changed', payload: { eventId } });

  return {
    'questions.list': async (input, { user }) => {
      await assertSeesAttendees(db, user, input.eventId);
      return readQuestions(db, input.eventId, input.includeArchived);
    },

    'questions.create': async (input, { user }) => {
      const { eventId, key: askedKey, ...fields } = input;
      const created = await db.eventTx([eventId], async (sql) => {
        await lockManagedEvent(sql, eventId, user);
        await assertEventTypes(sql, eventId, fields.ticketTypeIds);
        const key = await freeKey(sql, eventId, askedKey, fields.label);
        const { id } = (await sql.one<{ id: string }>(
          `insert into event_questions (event_id, key, label, kind, required, choices, min, max,
             earliest, latest, ticket_type_ids, door_visible, position)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
             (select coalesce(max(position) + 1, 0) from event_questions where event_id = $1))
           returning id`,
          [
            eventId,
            key,
            fields.label,
            fields.kind,
            fields.required,
            fields.choices,
            fields.min,
            fields.max,
            fields.earliest,
            fields.latest,
            fields.ticketTypeIds,
            fields.doorVisible,
          ],
        ))!;
        const after = (await readQuestion(sql, id))!;
        await writeAudit(sql, {
          actorId: user.id,
          action: 'questions.create',
          entity: 'question',
          entityId: id,
          after,
        });
        return after;
      });
      await changed(eventId);
      return created;
    },

    'questions.update': async (input, { user }) => {
      const { id, version, ...fields } = input;
      const eventId = await eventOfQuestion(db, id);
      const updated = await db.eventTx([eventId], async (sql) => {
        await lockManagedEvent(sql, eventId, user);
        const before = await lockQuestion(sql, id, version);
        await assertEventTypes(sql, eventId, fields.ticketTypeIds);
        await assertSettingsKeepAnswers(sql, before, fields);
        await sql.run(
          `update event_questions set label = $2, kind = $3, required = $4, choices = $5, min = $6,
             max = $7, earliest = $8, latest = $9, ticket_type_ids = $10, door_visible = $11,
             version = version + 1, updated_at = now()
           where id = $1`,
          [
            id,
            fields.label,
            fields.kind,
            fields.required,
            fields.choices,
            fields.min,
            fields.max,
            fields.earliest,
            fields.latest,
            fields.ticketTypeIds,
            fields.doorVisible,
          ],
        );
        const after = (await readQuestion(sql, id))!;
        if (before.doorVisible || after.doorVisible) await restampAnswered(sql, id);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'questions.update',
          entity: 'question',
          entityId: id,
          before,
          after,
        });
        return after;
      });
      await changed(eventId);
      return updated;
    },

    'questions.reorder': async (input, { user }) => {
      const { eventId, order } = input;
      const reordered = await db.eventTx([eventId], async (sql) => {
        await lockManagedEvent(sql, eventId, user);
        const before = await readQuestions(sql, eventId);
        const versions = new Map(before.map((q) => [q.id, q.version]));
        // The editor's list must be the event's list as it stands: nothing added, removed or
        // changed since it was read.
        if (order.length !== before.length || order.some((q) => versions.get(q.id) !== q.version)) {
          throw new AppError(
            'CONFLICT',
            'The questions changed after you opened them. Reload to see the current list.',
          );
        }
        await sql.run(
          `update event_questions q set position = t.n - 1, version = version + 1, updated_at = now()
             from unnest($2::uuid[]) with ordinality as t(id, n)
            where q.id = t.id and q.event_id = $1 and q.position <> t.n - 1`,
          [eventId, order.map((q) => q.id)],
        );
        const after = await readQuestions(sql, eventId);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'questions.reorder',
          entity: 'event',
          entityId: eventId,
          before: before.map((q) => q.key),
          after: after.map((q) => q.key),
        });
        return after;
      });
      await changed(eventId);
      return reordered;
    },

    'questions.delete': async (input, { user }) => {
      const eventId = await eventOfQuestion(db, input.id);
      const result = await db.eventTx([eventId], async (sql) => {
        await lockManagedEvent(sql, eventId, user);
        const before = await lockQuestion(sql, input.id, input.version);
        // Answers people gave are records of the registration: an answered question is archived
        // (no longer asked, shown or filtered; its answers stay for exports and the audit).
        const outcome = before.answerCount > 0 ? 'archived' : 'deleted';
        if (outcome === 'archived') {
          await sql.run(
            `update event_questions set archived_at = now(), version = version + 1, updated_at = now()
              where id = $1`,
            [input.id],
          );
          if (before.doorVisible) await restampAnswered(sql, input.id);
        } else {
          await sql.run('delete from event_questions where id = $1', [input.id]);
        }
        await sql.run(
          `update event_questions q set position = t.n - 1
             from (select id, row_number() over (order by position, id) as n from event_questions
                    where event_id = $1 and archived_at is null) t
            where q.id = t.id and q.position <> t.n - 1`,
          [eventId],
        );
        const question = outcome === 'archived' ? (await readQuestion(sql, input.id))! : before;
        await writeAudit(sql, {
          actorId: user.id,
          action: 'questions.delete',
          entity: 'question',
          entityId: input.id,
          before,
          after: outcome === 'archived' ? question : undefined,
        });
        return { outcome, question } as const;
      });
      await changed(eventId);
      return result;
    },
  };
}
