import { randomUUID } from 'node:crypto';
import type { ChannelParsedInput } from '@shared/contract';
import type { TransferResult } from '@shared/contract/registrations';
import type { UserDto } from '@shared/domain';
import type { Sql } from '../db/db';
import { AppError } from '../errors';
import { writeAudits } from '../audit/write-audit';
import { queueRegistrationMessages } from '../mail/queue';
import { readRegistration } from './capacity';
import { assertEditable, assertEmailFree, lockRegistration } from './edit-registration';
import { newTicketCode } from './ticket-code';

/**
 * Gives a registration's seat (or place in line: same type, same arrival number) to another
 * person with a new ticket code. The old row stays, marked 'transferred' and pointing at the new
 * one, so door devices learn through the change cursor that its code now says "transferred".
 * Never frees a seat: the counters do not move.
 */
export async function transferRegistration(
  sql: Sql,
  eventId: string,
  input: ChannelParsedInput<'registrations.transfer'>,
  user: UserDto,
): Promise<TransferResult> {
  const { event, registration: before } = await lockRegistration(sql, input.id, eventId);
  assertEditable(user, event, before, input.version);
  if (before.checkedInAt !== null) {
    throw new AppError(
      'CONFLICT',
      'This ticket was already used at the door; it cannot be transferred',
    );
  }
  // The old holder's email is refused too: a transfer goes to someone else.
  await assertEmailFree(sql, eventId, input.email);
  const newId = randomUUID();
  await sql.run(
    `insert into event_registrations (id, event_id, attendee_name, attendee_email, ticket_code,
                                      status, ticket_type_id, seq)
     select $2, event_id, $3, $4, $5, status, ticket_type_id, seq from event_registrations
      where id = $1`,
    [input.id, newId, input.name, input.email, newTicketCode()],
  );
  await sql.run(
    `update event_registrations set status = 'transferred', transferred_to = $2, updated_at = now()
      where id = $1`,
    [input.id, newId],
  );
  const from = (await readRegistration(sql, input.id))!;
  const to = (await readRegistration(sql, newId))!;
  await writeAudits(sql, [
    {
      actorId: user.id,
      action: 'registrations.transfer',
      entity: 'registration',
      entityId: input.id,
      before,
      after: from,
    },
    {
      actorId: user.id,
      action: 'registrations.transfer',
      entity: 'registration',
      entityId: newId,
      after: to,
    },
  ]);
  // The new holder gets their ticket (or waitlist notice) like anyone who registers.
  await queueRegistrationMessages(sql, [to]);
  return { from, to };
}
