import type { ChannelParsedInput } from '@shared/contract';
import type {
  DoorAttendee,
  ForcedReason,
  UploadItemResult,
  UploadRejection,
  UploadResult,
} from '@shared/contract/door';
import type { RegistrationStatus } from '@shared/domain';
import { writeAudit } from '../audit';
import type { Sql } from '../db/db';
import { attendeesByIds, toConflict } from './checkins-sql';

type UploadInput = ChannelParsedInput<'checkins.upload'>;
type Item = UploadInput['items'][number];
type CheckInItem = Extract<Item, { kind: 'checkIn' }>;
type RevertItem = Extract<Item, { kind: 'revert' }>;

interface Registration {
  id: string;
  event_id: string;
  ticket_code: string;
  status: RegistrationStatus;
}
interface Target {
  registrationId: string;
  eventId: string;
  reverted: boolean;
}
interface Decision {
  item: Item;
  /** False for a re-sent item (the server had its nonce) and for reverting a reverted check-in. */
  changed: boolean;
  rejected: UploadRejection | null;
  registrationId: string | null;
}
interface NewCheckIn {
  item: CheckInItem;
  registrationId: string;
  forcedReason: ForcedReason | null;
}

export interface AppliedUpload {
  result: UploadResult;
  /** Events whose check-ins changed, for publishChange after commit. */
  changedEventIds: string[];
}

const unique = <T>(values: T[]) => [...new Set(values)];
const isCheckIn = (item: Item): item is CheckInItem => item.kind === 'checkIn';
const isRevert = (item: Item): item is RevertItem => item.kind === 'revert';

/**
 * Applies a device's batch in one transaction. The event row lock (which every writer of an
 * event's registrations takes first, too) serialises all changes to the event's check-ins and
 * registration statuses, so the batch can be decided in memory, item by item in device order,
 * then written with a few set-based statements. The first standing check-in to reach the server counts; later ones are kept and
 * flagged, so an answer once given never changes when another device syncs later.
 */
export async function applyUpload(
  sql: Sql,
  input: UploadInput,
  staffUserId: string,
): Promise<AppliedUpload> {
  const checkIns = input.items.filter(isCheckIn);
  const reverts = input.items.filter(isRevert);
  await sql.many('select id from events where id = any($1::uuid[]) order by id for no key update', [
    unique(input.items.map((item) => item.eventId)),
  ]);

  const seen = new Set(
    (
      await sql.many<{ key: string }>(
        `select 'checkIn:' || nonce as key from check_ins where nonce = any($1::uuid[])
         union all
         select 'revert:' || revert_nonce from check_ins where revert_nonce = any($2::uuid[])`,
        [checkIns.map((i) => i.nonce), reverts.map((i) => i.nonce)],
      )
    ).map((row) => row.key),
  );
  const targets = new Map(
    (
      await sql.many<Target & { nonce: string }>(
        `select nonce, registration_id as "registrationId", event_id as "eventId",
                reverted_at is not null as reverted
           from check_ins where nonce = any($1::uuid[])`,
        [reverts.map((i) => i.checkInNonce)],
      )
    ).map(({ nonce, ...target }) => [nonce, target]),
  );
  const registrations = await sql.many<Registration>(
    `select id, event_id, ticket_code, status from event_registrations
      where id = any($1::uuid[]) or ticket_code = any($2::text[])`,
    [
      unique([
        ...checkIns.flatMap((i) => (i.registrationId ? [i.registrationId] : [])),
        ...[...targets.values()].map((t) => t.registrationId),
      ]),
      unique(checkIns.flatMap((i) => (i.ticketCode ? [i.ticketCode] : []))),
    ],
  );
  const byId = new Map(registrations.map((r) => [r.id, r]));
  const byCode = new Map(registrations.map((r) => [r.ticket_code, r]));
  const standingBefore = await standingNonces(sql, [...byId.keys()]);
  const standing = new Map([...standingBefore].map(([id, nonces]) => [id, [...nonces]]));

  const inserts: NewCheckIn[] = [];
  const applied: { item: RevertItem; registrationId: string }[] = [];
  const decisions = input.items.map((item): Decision => {
    const decided = (
      rejected: UploadRejection | null,
      registrationId: string | null,
      changed = false,
    ) => ({ item, changed, rejected, registrationId });
    if (seen.has(`${item.kind}:${item.nonce}`)) return decided(null, null);
    if (isCheckIn(item)) {
      const registration = item.registrationId
        ? byId.get(item.registrationId)
        : byCode.get(item.ticketCode ?? '');
      if (!registration) return decided('unknown_ticket', null);
      if (registration.event_id !== item.eventId) return decided('wrong_event', null);
      const nonces = standing.get(registration.id) ?? [];
      inserts.push({
        item,
        registrationId: registration.id,
        forcedReason:
          registration.status === 'cancelled' || registration.status === 'waitlisted'
            ? registration.status
            : nonces.length > 0
              ? 'already_checked_in'
              : null,
      });
      standing.set(registration.id, [...nonces, item.nonce]);
      targets.set(item.nonce, {
        registrationId: registration.id,
        eventId: item.eventId,
        reverted: false,
      });
      return decided(null, registration.id, true);
    }
    const target = targets.get(item.checkInNonce);
    if (!target || target.eventId !== item.eventId) return decided('unknown_check_in', null);
    if (target.reverted) return decided(null, target.registrationId);
    target.reverted = true;
    const nonces = standing.get(target.registrationId) ?? [];
    standing.set(
      target.registrationId,
      nonces.filter((nonce) => nonce !== item.checkInNonce),
    );
    applied.push({ item, registrationId: target.registrationId });
    return decided(null, target.registrationId, true);
  });

  await writeCheckIns(sql, inserts, input.deviceId, staffUserId);
  await writeReverts(sql, applied);
  const touched = unique([...inserts, ...applied].map((change) => change.registrationId));
  const changedEventIds = await updateCounters(sql, touched, standingBefore, byId);
  for (const eventId of changedEventIds) {
    await writeAudit(sql, {
      actorId: staffUserId,
      action: 'checkins.upload',
      entity: 'event',
      entityId: eventId,
      after: {
        deviceId: input.deviceId,
        checkIns: inserts
          .filter((c) => c.item.eventId === eventId)
          .map((c) => ({
            nonce: c.item.nonce,
            registrationId: c.registrationId,
            forcedReason: c.forcedReason,
          })),
        reverts: applied
          .filter((r) => r.item.eventId === eventId)
          .map((r) => ({ nonce: r.item.nonce, checkInNonce: r.item.checkInNonce })),
      },
    });
  }
  return { result: await describe(sql, decisions), changedEventIds };
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

async function writeCheckIns(sql: Sql, inserts: NewCheckIn[], deviceId: string, staffId: string) {
  if (inserts.length === 0) return;
  // The unique nonce is the last word on idempotency; the event lock makes a clash here rare.
  await sql.run(
    `insert into check_ins
       (nonce, registration_id, event_id, scanned_at, forced, forced_reason, device_id, staff_user_id)
     select v.nonce, v.registration_id, v.event_id, v.scanned_at, v.forced_reason is not null,
            v.forced_reason, $7, $8
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[], $6::int[])
            as v(nonce, registration_id, event_id, scanned_at, forced_reason, ord)
      order by v.ord
     on conflict (nonce) do nothing`,
    [
      inserts.map((c) => c.item.nonce),
      inserts.map((c) => c.registrationId),
      inserts.map((c) => c.item.eventId),
      inserts.map((c) => c.item.scannedAt),
      inserts.map((c) => c.forcedReason),
      inserts.map((_, index) => index),
      deviceId,
      staffId,
    ],
  );
}

async function writeReverts(sql: Sql, reverts: { item: RevertItem }[]) {
  if (reverts.length === 0) return;
  await sql.run(
    `update check_ins c set reverted_at = v.reverted_at, revert_nonce = v.nonce
       from unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) as v(target, nonce, reverted_at)
      where c.nonce = v.target and c.reverted_at is null`,
    [
      reverts.map((r) => r.item.checkInNonce),
      reverts.map((r) => r.item.nonce),
      reverts.map((r) => r.item.revertedAt),
    ],
  );
}

/** Keeps events.checked_in_count equal to the registrations with a standing check-in. */
async function updateCounters(
  sql: Sql,
  touched: string[],
  before: Map<string, string[]>,
  registrations: Map<string, Registration>,
): Promise<string[]> {
  if (touched.length === 0) return [];
  const after = await standingNonces(sql, touched);
  const delta = new Map<string, number>();
  for (const id of touched) {
    const eventId = registrations.get(id)!.event_id;
    const change = Number(after.has(id)) - Number(before.has(id));
    delta.set(eventId, (delta.get(eventId) ?? 0) + change);
  }
  await sql.run(
    `update events e set checked_in_count = e.checked_in_count + v.delta
       from unnest($1::uuid[], $2::int[]) as v(id, delta)
      where e.id = v.id and v.delta <> 0`,
    [[...delta.keys()], [...delta.values()]],
  );
  return [...delta.keys()];
}

/** Per-item answers from what is stored, so a re-sent batch gets the answers it got first. */
async function describe(sql: Sql, decisions: Decision[]): Promise<UploadResult> {
  const nonces = (kind: Item['kind']) =>
    decisions.filter((d) => d.item.kind === kind && !d.rejected).map((d) => d.item.nonce);
  const rows = await sql.many<{
    nonce: string;
    revert_nonce: string | null;
    registration_id: string;
    forced: boolean;
    forced_reason: ForcedReason | null;
  }>(
    `select nonce, revert_nonce, registration_id, forced, forced_reason from check_ins
      where nonce = any($1::uuid[]) or revert_nonce = any($2::uuid[])`,
    [nonces('checkIn'), nonces('revert')],
  );
  const checkInRows = new Map(rows.map((row) => [row.nonce, row]));
  const revertRows = new Map(rows.map((row) => [row.revert_nonce, row]));
  const registrationOf = (d: Decision) =>
    d.rejected
      ? null
      : d.item.kind === 'checkIn'
        ? (checkInRows.get(d.item.nonce)?.registration_id ?? null)
        : (revertRows.get(d.item.nonce)?.registration_id ?? d.registrationId);
  const attendees = new Map<string, DoorAttendee>(
    (await attendeesByIds(sql, unique(decisions.flatMap((d) => registrationOf(d) ?? [])))).map(
      (a) => [a.id, a],
    ),
  );

  const results = decisions.map((d): UploadItemResult => {
    const row =
      d.item.kind === 'checkIn' && !d.rejected ? checkInRows.get(d.item.nonce) : undefined;
    const registrationId = registrationOf(d);
    return {
      nonce: d.item.nonce,
      applied: d.changed,
      rejected: d.rejected,
      forced: row?.forced ?? false,
      forcedReason: row?.forced_reason ?? null,
      attendee: registrationId ? (attendees.get(registrationId) ?? null) : null,
    };
  });
  const conflicts = [...attendees.values()].filter((a) => a.checkIns.length > 1).map(toConflict);
  return { results, conflicts };
}
