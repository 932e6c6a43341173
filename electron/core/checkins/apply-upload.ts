import type {
  DoorAttendee,
  DoorCheckIn,
  UploadItemResult,
  UploadResult,
} from '@shared/contract/door';
import { seesAttendees } from '@shared/access';
import { roleRank, roles, type EventStatus, type UserDto } from '@shared/domain';
import { writeAudit } from '../audit/write-audit';
import { proofKeyId, verifyScan, type SignedItem } from '../auth/scan-key';
import type { Sql } from '../db/db';
import { hashToken } from '../auth/tokens';
import {
  decideBatch,
  type Decision,
  type Item,
  type LastScan,
  type NewCheckIn,
  type NewRevert,
  type Registration,
  type StoredState,
  type Target,
  type UploadInput,
} from './decide';
import { attendeeColumns, checkInColumns, toConflict } from './checkin-sql';
import { eventsWorked } from '../door-staff/assignment';
import { readPoints } from '../checkin-points/at-point';

export interface AppliedUpload {
  result: UploadResult;
  /** Events whose check-ins changed, for publishChange after commit. */
  changedEventIds: string[];
}

const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * Applies a device's batch in one transaction. The event row lock, which every writer of an
 * event's registrations takes first too, serialises all changes to the event's check-ins and
 * registration statuses, so the batch can be decided in memory and then written with a few
 * set-based statements.
 */
export async function applyUpload(
  sql: Sql,
  input: UploadInput,
  uploader: UserDto,
  /** The uploader's session: the write functions check it for themselves. */
  uploaderToken: string,
): Promise<AppliedUpload> {
  const staffUserId = uploader.id;
  // Through a function (migration 1764330000000): a door desktop's login may not lock events.
  const events = await sql.many<{ id: string; status: EventStatus; createdBy: string | null }>(
    `select id, status, created_by as "createdBy" from usher_lock_events($1::uuid[])`,
    [unique(input.items.map((item) => item.eventId))],
  );
  // The same rule as door.snapshot: door staff check in at published events only, organizers
  // at their own. Refused per item, so the rest of a device's queue still goes through.
  // Door staff: at the events they work only (electron/core/door-staff).
  const worked = await eventsWorked(
    sql,
    uploader,
    events.map((e) => e.id),
  );
  const open = new Set(
    events.filter((e) => seesAttendees(uploader, e) && worked.has(e.id)).map((e) => e.id),
  );
  const state = await readState(sql, input.items);
  const staffOf = await creditedStaff(sql, input.items, staffUserId);
  const { decisions, checkIns, reverts } = decideBatch(input.items, state, {
    deviceId: input.deviceId,
    eventOpen: (eventId) => open.has(eventId),
    staffOf,
    points: await readPoints(
      sql,
      events.map((e) => e.id),
      [...state.registrationsById.keys()],
    ),
    stewardsLastScan: await stewardsLastScan(
      sql,
      input.items.filter((item) => item.kind === 'revert').map(staffOf),
    ),
  });

  const uploaderTokenHash = hashToken(uploaderToken);
  await writeCheckIns(sql, uploaderTokenHash, checkIns, input.deviceId, staffOf);
  await writeReverts(sql, uploaderTokenHash, reverts, staffOf);
  const changedEventIds = unique([...checkIns, ...reverts].map((change) => change.item.eventId));
  for (const eventId of changedEventIds) {
    const ofEvent = <T extends { item: Item }>(changes: T[]) =>
      changes.filter((change) => change.item.eventId === eventId);
    await writeAudit(sql, {
      actorId: staffUserId,
      action: 'checkins.upload',
      entity: 'event',
      entityId: eventId,
      after: {
        deviceId: input.deviceId,
        checkIns: ofEvent(checkIns).map((c) => ({
          nonce: c.item.nonce,
          registrationId: c.registrationId,
          forcedReason: c.forcedReason,
          staffUserId: staffOf(c.item),
        })),
        reverts: ofEvent(reverts).map((r) => ({
          nonce: r.item.nonce,
          checkInNonce: r.item.checkInNonce,
          staffUserId: staffOf(r.item),
        })),
      },
    });
  }
  return { result: await describe(sql, decisions), changedEventIds };
}

/** The fields a device's staff proof covers, as the device signed them. */
export const signedFields = (item: Item): SignedItem =>
  item.kind === 'checkIn'
    ? {
        kind: 'checkIn',
        nonce: item.nonce,
        eventId: item.eventId,
        target: item.registrationId ?? item.ticketCode ?? '',
        at: item.scannedAt,
      }
    : {
        kind: 'revert',
        nonce: item.nonce,
        eventId: item.eventId,
        target: item.checkInNonce,
        at: item.revertedAt,
      };

/**
 * Whom each item is credited to: the staff member the device names, when the item carries that
 * person's signature (a key only their session's token gives, auth/scan-key.ts) and they are an
 * enabled account allowed at the door; otherwise the staff whose session uploads it. A device can
 * therefore never credit a scan to someone who did not make it.
 */
async function creditedStaff(sql: Sql, items: Item[], uploaderId: string) {
  const claimed = items.filter(
    (item) => item.staffUserId && item.staffUserId !== uploaderId && item.staffProof,
  );
  const doorRoles = roles.filter((role) => roleRank[role] >= roleRank.steward);
  const keys =
    claimed.length === 0
      ? []
      : await sql.many<{ keyId: string; userId: string; scanKey: Buffer }>(
          // Through a function (migration 1764200000000): a desktop's login never lists the
          // keys; this one adds the live, enabled-account condition, and the roles are ours.
          `select k.key_id as "keyId", k.user_id as "userId", k.scan_key as "scanKey"
             from usher_scan_keys($1::text[]) k join users u on u.id = k.user_id
            where u.role = any($2::text[])`,
          [unique(claimed.map((item) => proofKeyId(item.staffProof!))), doorRoles],
        );
  const byId = new Map(keys.map((key) => [key.keyId, key]));
  const verified = new Set(
    claimed
      .filter((item) => {
        const key = byId.get(proofKeyId(item.staffProof!));
        return (
          key !== undefined &&
          key.userId === item.staffUserId &&
          verifyScan(key.scanKey, signedFields(item), item.staffProof!)
        );
      })
      .map((item) => item.nonce),
  );
  return (item: Item) => (verified.has(item.nonce) ? item.staffUserId! : uploaderId);
}

/** Each steward's newest stored check-in (reverted or not), for the undo rule in decide.ts. */
async function stewardsLastScan(sql: Sql, staffIds: string[]) {
  if (staffIds.length === 0) return new Map<string, LastScan | null>();
  const stewards = await sql.many<{ id: string; nonce: string | null; at: Date | null }>(
    `select u.id, last.nonce, last.scanned_at as at
       from users u
       left join lateral (
         select c.nonce, c.scanned_at from check_ins c where c.staff_user_id = u.id
          order by c.scanned_at desc, c.seq desc limit 1) last on true
      where u.id = any($1::uuid[]) and u.role = 'steward'`,
    [unique(staffIds)],
  );
  return new Map(
    stewards.map((row) => [
      row.id,
      row.nonce && row.at ? { nonce: row.nonce, at: row.at.getTime() } : null,
    ]),
  );
}

async function readState(sql: Sql, items: Item[]): Promise<StoredState> {
  const checkIns = items.flatMap((item) => (item.kind === 'checkIn' ? [item] : []));
  const reverts = items.flatMap((item) => (item.kind === 'revert' ? [item] : []));
  const seen = await sql.many<{ key: string }>(
    `select 'checkIn:' || nonce as key from check_ins where nonce = any($1::uuid[])
     union all
     select 'revert:' || revert_nonce from check_ins where revert_nonce = any($2::uuid[])`,
    [checkIns.map((i) => i.nonce), reverts.map((i) => i.nonce)],
  );
  const targets = await sql.many<Omit<Target, 'scannedAt'> & { nonce: string; scannedAt: Date }>(
    `select nonce, registration_id as "registrationId", event_id as "eventId",
            reverted_at is not null as reverted, device_id as "deviceId",
            staff_user_id as "staffUserId", scanned_at as "scannedAt"
       from check_ins where nonce = any($1::uuid[])`,
    [reverts.map((i) => i.checkInNonce)],
  );
  const registrations = await sql.many<Registration>(
    `select id, event_id as "eventId", ticket_code as "ticketCode", status
       from event_registrations where id = any($1::uuid[]) or ticket_code = any($2::text[])`,
    [
      unique([
        ...checkIns.flatMap((i) => i.registrationId ?? []),
        ...targets.map((t) => t.registrationId),
      ]),
      unique(checkIns.flatMap((i) => i.ticketCode ?? [])),
    ],
  );
  return {
    seen: new Set(seen.map((row) => row.key)),
    targets: new Map(
      targets.map(({ nonce, scannedAt, ...target }) => [
        nonce,
        { ...target, scannedAt: scannedAt.getTime() },
      ]),
    ),
    registrationsById: new Map(registrations.map((r) => [r.id, r])),
    registrationsByCode: new Map(registrations.map((r) => [r.ticketCode, r])),
    standing: await standingNonces(
      sql,
      registrations.map((r) => r.id),
    ),
  };
}

async function standingNonces(sql: Sql, registrationIds: string[]) {
  const rows = await sql.many<{ registration_id: string; nonce: string }>(
    `select registration_id, nonce from check_ins
      where registration_id = any($1::uuid[]) and reverted_at is null order by seq`,
    [registrationIds],
  );
  const standing = new Map<string, string[]>();
  for (const row of rows) {
    standing.set(row.registration_id, [...(standing.get(row.registration_id) ?? []), row.nonce]);
  }
  return standing;
}

/*
 * The writes go through SECURITY DEFINER functions (migration 1764330000000), which check again,
 * for themselves, what was decided here (event open to the uploader, registration of that event,
 * staff proven) and keep the check-in counter: a door desktop's login writes nothing directly.
 * Ids and times travel as the device sent them, because the staff proofs sign them so.
 */
async function writeCheckIns(
  sql: Sql,
  uploaderTokenHash: Buffer,
  checkIns: NewCheckIn[],
  deviceId: string,
  staffOf: (item: Item) => string,
) {
  if (checkIns.length === 0) return;
  // In decision order, which seq then records; the unique nonce stays the last word on
  // idempotency should anything slip past the event lock.
  await sql.run(
    `select usher_door_check_in($1, $2, $3::text[], $4::uuid[], $5::text[], $6::text[],
                                $7::text[], $8::uuid[], $9::text[], $10::text[], $11::uuid[],
                                $12::text[])`,
    [
      uploaderTokenHash,
      deviceId,
      checkIns.map((c) => c.item.nonce),
      checkIns.map((c) => c.registrationId),
      checkIns.map((c) => c.item.eventId),
      checkIns.map((c) => c.item.scannedAt),
      checkIns.map((c) => c.forcedReason),
      checkIns.map((c) => staffOf(c.item)),
      checkIns.map((c) => c.item.staffProof ?? null),
      checkIns.map((c) => signedFields(c.item).target),
      checkIns.map((c) => c.pointId),
      checkIns.map((c) => c.direction),
    ],
  );
}

async function writeReverts(
  sql: Sql,
  uploaderTokenHash: Buffer,
  reverts: NewRevert[],
  staffOf: (item: Item) => string,
) {
  if (reverts.length === 0) return;
  await sql.run(
    `select usher_door_undo($1, $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[],
                            $7::text[])`,
    [
      uploaderTokenHash,
      reverts.map((r) => r.item.nonce),
      reverts.map((r) => r.item.checkInNonce),
      reverts.map((r) => r.item.eventId),
      reverts.map((r) => r.item.revertedAt),
      reverts.map((r) => staffOf(r.item)),
      reverts.map((r) => r.item.staffProof ?? null),
    ],
  );
}

/** Per-item answers from what is stored, so a re-sent batch gets the answers it got first. */
async function describe(sql: Sql, decisions: Decision[]): Promise<UploadResult> {
  const nonces = (kind: Item['kind']) =>
    decisions.filter((d) => d.item.kind === kind && !d.rejected).map((d) => d.item.nonce);
  const rows = await sql.many<
    DoorCheckIn & { registrationId: string; revertNonce: string | null; reverted: boolean }
  >(
    `select ${checkInColumns}, c.registration_id as "registrationId",
            c.revert_nonce as "revertNonce", c.reverted_at is not null as reverted
       from check_ins c left join users u on u.id = c.staff_user_id
      where c.nonce = any($1::uuid[]) or c.revert_nonce = any($2::uuid[])`,
    [nonces('checkIn'), nonces('revert')],
  );
  const byNonce = new Map(rows.map((row) => [row.nonce, row]));
  const byRevertNonce = new Map(rows.map((row) => [row.revertNonce, row]));

  const results = decisions.map((d): UploadItemResult => {
    const stored = d.rejected
      ? undefined
      : (d.item.kind === 'checkIn' ? byNonce : byRevertNonce).get(d.item.nonce);
    const standing = d.item.kind === 'checkIn' && stored && !stored.reverted;
    const { registrationId: _, revertNonce: __, reverted: ___, ...checkIn } = stored ?? {};
    return {
      nonce: d.item.nonce,
      applied: d.changed,
      rejected: d.rejected,
      registrationId: stored?.registrationId ?? d.registrationId,
      checkIn: standing ? (checkIn as DoorCheckIn) : null,
    };
  });
  const conflicted = await sql.many<DoorAttendee>(
    `select ${attendeeColumns} from event_registrations r
      where r.id = any($1::uuid[])
        and exists (select 1 from check_ins c
                     where c.registration_id = r.id and c.reverted_at is null
                       and c.forced_reason = 'already_checked_in')`,
    [unique(results.flatMap((r) => r.registrationId ?? []))],
  );
  return { results, conflicts: conflicted.map(toConflict) };
}
