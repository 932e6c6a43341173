import type { ChannelInput } from '@shared/contract';
import type { UploadItemResult } from '@shared/contract/door';
import type { ReplicaDb } from './replica-db';

type UploadItem = ChannelInput<'checkins.upload'>['items'][number];

interface OutboxRow {
  seq: number;
  nonce: string;
  kind: 'checkIn' | 'revert';
  eventId: string;
  registrationId: string;
  checkInNonce: string | null;
  at: string;
  staffUserId: string | null;
  staffProof: string | null;
}

export interface OwnCheckIn {
  nonce: string;
  eventId: string;
  registrationId: string;
  at: string;
  staffUserId: string | null;
  undone: boolean;
}

/** This device's queue of check-ins and undos, each with the nonce the server dedupes on. */
export function createOutbox(db: ReplicaDb) {
  const statements = {
    add: db.prepare(
      `insert into outbox
         (nonce, kind, event_id, registration_id, check_in_nonce, at, staff_name, staff_user_id,
          staff_proof)
       values
         (@nonce, @kind, @eventId, @registrationId, @checkInNonce, @at, @staffName, @staffUserId,
          @staffProof)`,
    ),
    pending: db.prepare<[number], OutboxRow>(
      `select seq, nonce, kind, event_id as eventId, registration_id as registrationId,
              check_in_nonce as checkInNonce, at, staff_user_id as staffUserId,
              staff_proof as staffProof
         from outbox where sent_at is null order by seq limit ?`,
    ),
    ack: db.prepare(
      `update outbox set sent_at = @sentAt, forced_reason = @forcedReason, rejected = @rejected
        where nonce = @nonce`,
    ),
    pendingCount: db
      .prepare<[], number>('select count(*) from outbox where sent_at is null')
      .pluck(),
    rejectedCount: db
      .prepare<[], number>('select count(*) from outbox where rejected is not null')
      .pluck(),
    own: db.prepare<[string], Omit<OwnCheckIn, 'undone'> & { undone: number }>(
      `select c.nonce, c.event_id as eventId, c.registration_id as registrationId, c.at,
              c.staff_user_id as staffUserId, exists (select 1 from outbox r where r.kind = 'revert' and r.check_in_nonce = c.nonce)
                as undone
         from outbox c where c.nonce = ? and c.kind = 'checkIn'`,
    ),
  };

  return {
    addCheckIn(entry: {
      nonce: string;
      eventId: string;
      registrationId: string;
      at: string;
      staffName: string | null;
      staffUserId: string | null;
      staffProof: string | null;
    }) {
      statements.add.run({ ...entry, kind: 'checkIn', checkInNonce: null });
    },
    addRevert(entry: {
      nonce: string;
      checkIn: OwnCheckIn;
      at: string;
      staffName: string | null;
      staffUserId: string | null;
      staffProof: string | null;
    }) {
      statements.add.run({
        nonce: entry.nonce,
        kind: 'revert',
        eventId: entry.checkIn.eventId,
        registrationId: entry.checkIn.registrationId,
        checkInNonce: entry.checkIn.nonce,
        at: entry.at,
        staffName: entry.staffName,
        staffUserId: entry.staffUserId,
        staffProof: entry.staffProof,
      });
    },

    /** The oldest pending items, as checkins.upload takes them. */
    nextBatch(limit: number): UploadItem[] {
      return statements.pending.all(limit).map((row): UploadItem => {
        // Rows from an older build name no one: the server credits the uploader.
        const staff = {
          ...(row.staffUserId && { staffUserId: row.staffUserId }),
          ...(row.staffProof && { staffProof: row.staffProof }),
        };
        return row.kind === 'checkIn'
          ? {
              kind: 'checkIn',
              nonce: row.nonce,
              eventId: row.eventId,
              registrationId: row.registrationId,
              scannedAt: row.at,
              ...staff,
            }
          : {
              kind: 'revert',
              nonce: row.nonce,
              eventId: row.eventId,
              checkInNonce: row.checkInNonce ?? '',
              revertedAt: row.at,
              ...staff,
            };
      });
    },

    acknowledge(results: UploadItemResult[], at: string) {
      for (const result of results) {
        statements.ack.run({
          nonce: result.nonce,
          sentAt: at,
          forcedReason: result.checkIn?.forcedReason ?? null,
          rejected: result.rejected,
        });
      }
    },

    pendingCount: () => statements.pendingCount.get() ?? 0,
    rejectedCount: () => statements.rejectedCount.get() ?? 0,

    /** A check-in this device made, pending or sent. */
    ownCheckIn(nonce: string): OwnCheckIn | null {
      const row = statements.own.get(nonce);
      return row ? { ...row, undone: row.undone === 1 } : null;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
