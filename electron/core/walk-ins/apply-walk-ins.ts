import type { ChannelParsedInput } from '@shared/contract';
import type { WalkInItemResult, WalkInRejection } from '@shared/contract/walk-ins';
import { seesAttendees } from '@shared/access';
import type { EventStatus, UserDto, WalkInFlag } from '@shared/domain';
import type { Answers } from '@shared/questions';
import { writeAudit } from '../audit/write-audit';
import { hashToken } from '../auth/tokens';
import { attendeesByIds } from '../checkins/checkin-sql';
import type { Sql } from '../db/db';
import { eventsWorked } from '../door-staff/assignment';
import { isSteward } from '../door-staff/steward-limits';
import { AppError, forbidden } from '../errors';
import { defaultTemplates } from '../mail/templates';
import { checkAnswers } from '../questions/answers';
import { readRegistration } from '../registrations/capacity';
import { activeEmails, type LockedEvent } from '../registrations/insert-in-order';
import { freeSeats } from '../registrations/seats';
import { walkInDeskOf } from './desk';

type Upload = ChannelParsedInput<'walkIns.upload'>;
type Item = Upload['items'][number];

export interface AppliedWalkIns {
  results: WalkInItemResult[];
  /** Events that gained registrations, for publishChange after commit. */
  changedEventIds: string[];
}

export const stewardWalkInRefused = () =>
  forbidden('Stewards do not register walk-ins. Ask a supervisor.');

const refused = (
  nonce: string,
  rejected: WalkInRejection,
  message: string,
  fields: Record<string, string> | null = null,
): WalkInItemResult => ({
  nonce,
  applied: false,
  rejected,
  message,
  fields,
  flag: null,
  attendee: null,
});

/**
 * Registers a station's walk-ins in the caller's transaction, which holds their events' locks
 * (the one lock registering takes too): one at a time, so each sees the seats the one before
 * took. The write goes through usher_door_walk_in (migration 1764390000000), which checks again
 * for itself who uploads and decides the flag from the counters.
 */
export async function applyWalkIns(
  sql: Sql,
  input: Upload,
  uploader: UserDto,
  uploaderToken: string,
): Promise<AppliedWalkIns> {
  // The contract already asks for a supervisor; the core holds the line whatever calls it.
  if (isSteward(uploader)) throw stewardWalkInRefused();
  const eventIds = [...new Set(input.items.map((item) => item.eventId))];
  // Through a function (migration 1764330000000): a door desktop's login may not lock events.
  const locked = await sql.many<{ id: string; status: EventStatus; createdBy: string | null }>(
    `select id, status, created_by as "createdBy" from usher_lock_events($1::uuid[])`,
    [eventIds],
  );
  const worked = await eventsWorked(sql, uploader, eventIds);
  const open = new Set(
    locked.filter((e) => seesAttendees(uploader, e) && worked.has(e.id)).map((e) => e.id),
  );
  const tokenHash = hashToken(uploaderToken);
  const results: WalkInItemResult[] = [];
  for (const item of input.items) {
    results.push(
      open.has(item.eventId)
        ? await applyOne(sql, item, input.deviceId, uploader, tokenHash)
        : refused(item.nonce, 'event_closed', 'This event is not open to you at the door'),
    );
  }
  const changedEventIds = eventIds.filter((eventId) =>
    input.items.some(
      (item, i) => item.eventId === eventId && results[i]!.applied && !results[i]!.rejected,
    ),
  );
  return { results, changedEventIds };
}

async function applyOne(
  sql: Sql,
  item: Item,
  deviceId: string,
  uploader: UserDto,
  tokenHash: Buffer,
): Promise<WalkInItemResult> {
  const known = await sql.one<{ eventId: string; walkIn: WalkInFlag | null }>(
    'select event_id as "eventId", walk_in as "walkIn" from event_registrations where id = $1',
    [item.nonce],
  );
  if (known) {
    if (known.eventId !== item.eventId || known.walkIn === null) {
      return refused(item.nonce, 'invalid', 'That walk-in id is another registration’s');
    }
    return stored(sql, item.nonce, false);
  }
  // Whoever is already inside stays registered: an offline walk-in is kept whatever changed
  // meanwhile (a type deleted, a question made required), its raw answers in the audit row.
  const kept = item.ifFull === 'admit' && item.offline;
  const desk = await walkInDeskOf(sql, item.eventId);
  let typeId = item.ticketTypeId;
  if (!desk.ticketTypes.some((type) => type.id === typeId)) {
    if (!kept) {
      return refused(item.nonce, 'invalid', 'That ticket type is not one of this event’s', {
        ticketTypeId: 'Choose one of this event’s ticket types',
      });
    }
    typeId = desk.ticketTypes[0]!.id;
  }
  let answers: Answers = {};
  try {
    answers = checkAnswers(desk.questions, typeId, item.answers);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // Kept without them (the audit row below keeps what was typed); asked first: refused.
    if (!kept) return refused(item.nonce, 'invalid', error.message, error.fields ?? null);
  }
  if (!kept) {
    if ((await activeEmails(sql, item.eventId, [item.email])).size > 0) {
      return refused(
        item.nonce,
        'duplicate',
        `${item.email} is already registered for this event`,
        {
          email: 'Already registered: scan their ticket or find them by name',
        },
      );
    }
    if (item.ifFull === 'refuse' && !(await seatFree(sql, item.eventId, typeId))) {
      return refused(item.nonce, 'full', 'No seat is left for this ticket type');
    }
  }
  await sql.run(`select usher_door_walk_in($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`, [
    tokenHash,
    item.nonce,
    item.eventId,
    item.ticketCode,
    item.name,
    item.email,
    typeId,
    JSON.stringify(answers),
    defaultTemplates.confirmation.auto,
  ]);
  const registration = (await readRegistration(sql, item.nonce))!;
  await writeAudit(sql, {
    actorId: uploader.id,
    action: 'walkIns.register',
    entity: 'registration',
    entityId: item.nonce,
    after: registration,
  });
  if (kept && Object.keys(item.answers).length > Object.keys(answers).length) {
    // Answers the server could no longer take are not lost: the audit keeps what was typed.
    await writeAudit(sql, {
      actorId: uploader.id,
      action: 'walkIns.answersSetAside',
      entity: 'registration',
      entityId: item.nonce,
      after: { deviceId, answers: item.answers },
    });
  }
  return stored(sql, item.nonce, true);
}

/** Whether registering would seat one more of this type now (the rule of seats.ts). */
async function seatFree(sql: Sql, eventId: string, typeId: string): Promise<boolean> {
  const event = (await sql.one<LockedEvent>(
    `select id, status, created_by as "createdBy", max_attendees as "maxAttendees",
            registered_count as "registeredCount", waitlisted_count as "waitlistedCount"
       from events where id = $1`,
    [eventId],
  ))!;
  return (await freeSeats(sql, event)).seat(typeId) === null;
}

async function stored(sql: Sql, id: string, applied: boolean): Promise<WalkInItemResult> {
  const [attendee] = await attendeesByIds(sql, [id]);
  const { walkIn } = (await sql.one<{ walkIn: WalkInFlag }>(
    'select walk_in as "walkIn" from event_registrations where id = $1',
    [id],
  ))!;
  return {
    nonce: id,
    applied,
    rejected: null,
    message: null,
    fields: null,
    flag: walkIn,
    attendee: attendee ?? null,
  };
}
