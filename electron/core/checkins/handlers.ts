import type { CheckInRow, DoorAttendee } from '@shared/contract/door';
import type { CoreDeps } from '../deps';
import type { DomainHandlers } from '../handlers';
import { isoUtc } from '../sql-format';
import { attendeeColumns, checkInColumns, toConflict } from './checkin-sql';
import { applyUpload } from './apply-upload';
import { assertSeesAttendees } from '../events/event-sql';

export function checkinsHandlers({ db, publishChange }: CoreDeps): DomainHandlers<'checkins'> {
  return {
    // The one way a check-in is made: a door device's queue, online or after a night offline.
    'checkins.upload': async (input, { user, ctx }) => {
      const eventIds = input.items.map((item) => item.eventId);
      const { result, changedEventIds } = await db.eventTx(eventIds, (sql) =>
        applyUpload(sql, input, user, ctx.token!),
      );
      for (const eventId of changedEventIds) {
        await publishChange({ topic: 'checkins.changed', payload: { eventId } });
      }
      return result;
    },

    'checkins.list': async (input, { user }) => {
      await assertSeesAttendees(db, user, input.eventId);
      return db.many<CheckInRow>(
        `select ${checkInColumns}, r.id as "registrationId", r.ticket_code as "ticketCode",
                r.attendee_name as name, ${isoUtc('c.reverted_at')} as "revertedAt"
           from check_ins c
           join event_registrations r on r.id = c.registration_id
           left join users u on u.id = c.staff_user_id
          where c.event_id = $1 and ($2 or c.reverted_at is null)
          order by c.seq desc
          limit $3 offset $4`,
        [input.eventId, input.includeReverted, input.limit, input.offset],
      );
    },

    'checkins.conflicts': async (input, { user }) => {
      await assertSeesAttendees(db, user, input.eventId);
      const attendees = await db.many<DoorAttendee>(
        `select ${attendeeColumns} from event_registrations r
          where r.id in (select registration_id from check_ins
                          where event_id = $1 and reverted_at is null
                            and forced_reason = 'already_checked_in')
          order by r.attendee_name, r.id`,
        [input.eventId],
      );
      return attendees.map(toConflict);
    },
  };
}
