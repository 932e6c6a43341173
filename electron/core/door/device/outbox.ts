import type { ChannelInput } from '@shared/contract';
import type { UploadItemResult } from '@shared/contract/door';
import type { WalkInItemResult } from '@shared/contract/walk-ins';
import type { WalkInRecord } from './walk-in';
import type { ReplicaDb } from './replica-db';
import type { JournalEntry, OutboxJournal } from './outbox-journal';
import type { Direction } from '@shared/contract/points';

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
  pointId: string | null;
  direction: Direction;
}

/** Where a move went; a point of null is the event's first (items from before points). */
export interface Move {
  pointId: string | null;
  direction: Direction;
}

export interface OwnCheckIn extends Move {
  nonce: string;
  eventId: string;
  registrationId: string;
  at: string;
  staffUserId: string | null;
  undone: boolean;
}

interface NewItem extends Move {
  nonce: string;
  kind: 'checkIn' | 'revert';
  eventId: string;
  registrationId: string;
  checkInNonce: string | null;
  at: string;
  staffName: string | null;
  staffUserId: string | null;
  staffProof: string | null;
}

/**
 * This device's queue of check-ins, undos and walk-ins, each with the nonce the server dedupes on. With a
 * journal, every item added is also copied there once its transaction has committed (the caller
 * says so with `committed()`), for salvage to replay if the file is damaged later.
 */
export function createOutbox(db: ReplicaDb, journal?: OutboxJournal) {
  // Added in the open transaction, not yet in the journal: an item whose transaction rolls back
  // never turned anything green, and must not be replayed.
  let staged: JournalEntry[] = [];
  const statements = {
    add: db.prepare(
      `insert into outbox
         (nonce, kind, event_id, registration_id, check_in_nonce, at, staff_name, staff_user_id,
          staff_proof, point_id, direction)
       values
         (@nonce, @kind, @eventId, @registrationId, @checkInNonce, @at, @staffName, @staffUserId,
          @staffProof, @pointId, @direction)`,
    ),
    // A walk-in's check-ins and undos wait until the server has registered the walk-in.
    pending: db.prepare<[number], OutboxRow>(
      `select seq, nonce, kind, event_id as eventId, registration_id as registrationId,
              check_in_nonce as checkInNonce, at, staff_user_id as staffUserId,
              staff_proof as staffProof, point_id as pointId, direction
         from outbox
        where sent_at is null
          and not exists (select 1 from walk_ins w
                           where w.nonce = outbox.registration_id and w.sent_at is null)
        order by seq limit ?`,
    ),
    addWalkIn: db.prepare(
      `insert into walk_ins (nonce, event_id, at, staff_name, staff_user_id, walk_in)
       values (@nonce, @eventId, @at, @staffName, @staffUserId, @walkIn)`,
    ),
    pendingWalkIns: db
      .prepare<[number], string>(
        'select walk_in from walk_ins where sent_at is null order by seq limit ?',
      )
      .pluck(),
    ackWalkIn: db.prepare(
      `update walk_ins set sent_at = @sentAt, flag = @flag, rejected = @rejected
        where nonce = @nonce`,
    ),
    flaggedWalkIns: db
      .prepare<[], number>(
        `select count(*) from walk_ins where flag in ('over_capacity', 'duplicate_email')`,
      )
      .pluck(),
    ack: db.prepare(
      `update outbox set sent_at = @sentAt, forced_reason = @forcedReason, rejected = @rejected
        where nonce = @nonce`,
    ),
    pendingCount: db
      .prepare<[], number>(
        `select (select count(*) from outbox where sent_at is null)
              + (select count(*) from walk_ins where sent_at is null)`,
      )
      .pluck(),
    rejectedCount: db
      .prepare<[], number>('select count(*) from outbox where rejected is not null')
      .pluck(),
    own: db.prepare<[string], Omit<OwnCheckIn, 'undone'> & { undone: number }>(
      `select c.nonce, c.event_id as eventId, c.registration_id as registrationId, c.at,
              c.staff_user_id as staffUserId, c.point_id as pointId, c.direction, exists (select 1 from outbox r where r.kind = 'revert' and r.check_in_nonce = c.nonce)
                as undone
         from outbox c where c.nonce = ? and c.kind = 'checkIn'`,
    ),
  };

  const add = (item: NewItem) => {
    const { lastInsertRowid } = statements.add.run(item);
    stage({
      seq: Number(lastInsertRowid),
      nonce: item.nonce,
      kind: item.kind,
      event_id: item.eventId,
      registration_id: item.registrationId,
      check_in_nonce: item.checkInNonce,
      at: item.at,
      staff_name: item.staffName,
      staff_user_id: item.staffUserId,
      staff_proof: item.staffProof,
      point_id: item.pointId,
      direction: item.direction,
    });
  };
  const stage = (entry: JournalEntry) => {
    if (journal) staged.push(entry);
  };

  return {
    addCheckIn(
      entry: Move & {
        nonce: string;
        eventId: string;
        registrationId: string;
        at: string;
        staffName: string | null;
        staffUserId: string | null;
        staffProof: string | null;
      },
    ) {
      add({ ...entry, kind: 'checkIn', checkInNonce: null });
    },
    addRevert(entry: {
      nonce: string;
      checkIn: OwnCheckIn;
      at: string;
      staffName: string | null;
      staffUserId: string | null;
      staffProof: string | null;
    }) {
      add({
        nonce: entry.nonce,
        kind: 'revert',
        eventId: entry.checkIn.eventId,
        registrationId: entry.checkIn.registrationId,
        checkInNonce: entry.checkIn.nonce,
        at: entry.at,
        staffName: entry.staffName,
        staffUserId: entry.staffUserId,
        staffProof: entry.staffProof,
        pointId: entry.checkIn.pointId,
        direction: entry.checkIn.direction,
      });
    },

    /** A walk-in the station registered offline; its check-in goes in with addCheckIn. */
    addWalkIn(walkIn: WalkInRecord, staffName: string | null, staffUserId: string | null) {
      const row = {
        nonce: walkIn.item.nonce,
        eventId: walkIn.item.eventId,
        at: walkIn.item.at,
        staffName,
        staffUserId,
        walkIn: JSON.stringify(walkIn),
      };
      const { lastInsertRowid } = statements.addWalkIn.run(row);
      stage({
        seq: Number(lastInsertRowid),
        nonce: row.nonce,
        kind: 'walkIn',
        event_id: row.eventId,
        registration_id: row.nonce,
        check_in_nonce: null,
        at: row.at,
        staff_name: staffName,
        staff_user_id: staffUserId,
        staff_proof: null,
        walk_in: row.walkIn,
      });
    },
    /** The oldest walk-ins waiting for the server, as walkIns.upload takes them. */
    nextWalkIns: (limit: number): WalkInRecord[] =>
      statements.pendingWalkIns.all(limit).map((json) => JSON.parse(json) as WalkInRecord),
    acknowledgeWalkIns(results: WalkInItemResult[], at: string) {
      for (const result of results) {
        statements.ackWalkIn.run({
          nonce: result.nonce,
          sentAt: at,
          flag: result.flag,
          rejected: result.rejected,
        });
      }
    },
    flaggedWalkIns: () => statements.flaggedWalkIns.get() ?? 0,

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
              // An item from before points names none: the server puts it at the first point.
              ...(row.pointId && { pointId: row.pointId }),
              direction: row.direction,
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

    /** The transaction that added items has committed: copy them to the journal. */
    committed() {
      if (!journal || staged.length === 0) return;
      const entries = staged;
      staged = [];
      // Everything older was sent: start the journal over, so it holds only what is pending.
      if (statements.pendingCount.get() === entries.length) journal.reset();
      journal.append(entries);
    },
    /** The transaction that added items rolled back: they never existed. */
    rolledBack() {
      staged = [];
    },
    /** On opening: a journal with nothing pending is only history. */
    trimJournal() {
      if (journal && statements.pendingCount.get() === 0) journal.reset();
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
