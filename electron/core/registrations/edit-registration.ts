import type { ChannelParsedInput } from '@shared/contract';
import type { EditResult } from '@shared/contract/registrations';
import type { RegistrationDto, UserDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { AppError, notFound } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { assertManages } from '../events/event-sql';
import { lockEventCounts, promoteWaitlisted, readRegistration } from './capacity';
import { activeEmails, type LockedEvent } from './insert-in-order';
import { registrationColumns } from './registration-sql';
import { typeCounts, type TypeCounts } from './seats';
import { checkEditAnswers } from '../questions/edit-answers';
import { saveAnswers } from '../questions/answers';

export type EditInput = ChannelParsedInput<'registrations.edit'>;

/** Locks the registration's event, then the registration: the order every writer uses. */
export async function lockRegistration(sql: Sql, id: string, eventId: string) {
  const event = (await lockEventCounts(sql, eventId))!;
  const registration = await sql.one<RegistrationDto>(
    `select ${registrationColumns} from event_registrations r where r.id = $1 for update`,
    [id],
  );
  if (!registration) throw notFound('That registration');
  return { event, registration };
}

/** What an edit or transfer may start from: the version the caller saw, of a live registration. */
export function assertEditable(
  user: UserDto,
  event: LockedEvent,
  registration: RegistrationDto,
  version: number,
) {
  assertManages(user, event);
  if (registration.version !== version) {
    throw new AppError(
      'CONFLICT',
      'Someone else changed this registration after you opened it. Reload to see their changes.',
    );
  }
  if (registration.status !== 'registered' && registration.status !== 'waitlisted') {
    throw new AppError('CONFLICT', `A ${registration.status} registration cannot be changed`);
  }
}

/** Refuses an email that another live registration of the event already holds. */
export async function assertEmailFree(sql: Sql, eventId: string, email: string) {
  if ((await activeEmails(sql, eventId, [email])).size > 0) {
    throw new AppError('CONFLICT', `${email} is already registered for this event`, {
      email: 'Already registered for this event',
    });
  }
}

/** Whether a person of this type could take a seat now: room in the event and in the type. */
function seatFree(event: LockedEvent, type: TypeCounts) {
  const eventFree = event.maxAttendees === null || event.registeredCount < event.maxAttendees;
  const typeFree = type.capacity === null || type.registeredCount < type.capacity;
  return eventFree && typeFree && type.waitlistedCount === 0;
}

/**
 * Corrects name, email, type or answers under the event lock. A type change moves a seat only if
 * the new type has one free (else FULL, or the new type's waitlist when the caller asked for it);
 * a seat it frees goes to the next in line in the same transaction. The answers must suit the
 * type the registration ends with (questions/edit-answers.ts), checked before anything is written.
 */
export async function editRegistration(
  sql: Sql,
  eventId: string,
  input: EditInput,
  user: UserDto,
): Promise<EditResult> {
  const { event, registration: before } = await lockRegistration(sql, input.id, eventId);
  assertEditable(user, event, before, input.version);
  const email = input.email ?? before.attendeeEmail;
  if (email.toLowerCase() !== before.attendeeEmail.toLowerCase()) {
    await assertEmailFree(sql, eventId, email);
  }
  let status = before.status;
  let requeue = false;
  const typeId = input.ticketTypeId ?? before.ticketTypeId;
  if (typeId !== before.ticketTypeId) {
    const target = (await typeCounts(sql, eventId)).find((type) => type.id === typeId);
    if (!target) {
      throw new AppError('VALIDATION', 'That ticket type is not one of this event’s', {
        ticketTypeId: 'Choose one of this event’s ticket types',
      });
    }
    // A seated person keeps the event seat they hold; only the type must have room.
    const seated = before.status === 'registered';
    const free = seatFree(
      seated ? { ...event, registeredCount: event.registeredCount - 1 } : event,
      target,
    );
    if (free) status = 'registered';
    else if (seated && input.ifFull === 'refuse') {
      throw new AppError(
        'FULL',
        'That ticket type has no free seat. Nothing was changed; you may put them on its waitlist instead.',
      );
    } else {
      status = 'waitlisted';
      requeue = true;
    }
  }
  const answers =
    typeId !== before.ticketTypeId || input.answers
      ? await checkEditAnswers(sql, eventId, input.id, typeId, input.answers)
      : undefined;
  // Joining another type's waitlist puts the person at its end (a new arrival number).
  await sql.run(
    `update event_registrations set attendee_name = $2, attendee_email = $3, ticket_type_id = $4,
            status = $5, seq = case when $6::boolean then nextval('event_registrations_seq_seq')
                                    else seq end,
            updated_at = now()
      where id = $1`,
    [input.id, input.name ?? before.attendeeName, email, typeId, status, requeue],
  );
  if (status !== before.status) {
    const delta = status === 'registered' ? 1 : -1;
    await sql.run(
      `update events set registered_count = registered_count + $2,
                         waitlisted_count = waitlisted_count - $2 where id = $1`,
      [eventId, delta],
    );
  }
  if (answers) await saveAnswers(sql, user.id, eventId, input.id, answers);
  const after = (await readRegistration(sql, input.id))!;
  await writeAudit(sql, {
    actorId: user.id,
    action: 'registrations.edit',
    entity: 'registration',
    entityId: input.id,
    before,
    after,
  });
  const promoted =
    typeId !== before.ticketTypeId ? await promoteWaitlisted(sql, event, user.id) : [];
  return { registration: after, promoted };
}
