import type { ChannelParsedInput } from '@shared/contract';
import { undoWindowMs, type ForcedReason, type UploadRejection } from '@shared/contract/door';
import type { RegistrationStatus } from '@shared/domain';
import type { Direction } from '@shared/contract/points';
import type { PointTracker } from '../checkin-points/at-point';
import type { PointVerdict } from '../checkin-points/rules';

export type UploadInput = ChannelParsedInput<'checkins.upload'>;
export type Item = UploadInput['items'][number];
export type CheckInItem = Extract<Item, { kind: 'checkIn' }>;
export type RevertItem = Extract<Item, { kind: 'revert' }>;

/** What the server holds for the batch's tickets, read under the event lock. */
export interface StoredState {
  /** `${kind}:${nonce}` of items the server already applied. */
  seen: Set<string>;
  registrationsById: Map<string, Registration>;
  registrationsByCode: Map<string, Registration>;
  /** The check-ins the batch's undos name, by nonce. */
  targets: Map<string, Target>;
  /** Standing check-in nonces per registration, oldest first. */
  standing: Map<string, string[]>;
}

export interface Registration {
  id: string;
  eventId: string;
  ticketCode: string;
  status: RegistrationStatus;
}

export interface Target {
  registrationId: string;
  eventId: string;
  reverted: boolean;
  /** Where and by whom it was scanned, and when (device clock, ms): an undo must match them. */
  deviceId: string;
  staffUserId: string | null;
  scannedAt: number;
}

/** What the batch is decided against besides the stored state. */
export interface UploadRules {
  deviceId: string;
  /** Whether the uploader may check people in for this event. */
  eventOpen(eventId: string): boolean;
  /** The staff an item is credited to (verified, else the uploader). */
  staffOf(item: Item): string;
  /**
   * For each steward credited with an undo in the batch, their newest check-in stored (null:
   * none): a steward takes back only that one (electron/core/door-staff/steward-limits.ts).
   */
  stewardsLastScan?: Map<string, LastScan | null>;
  /** Check-in points: where each check-in is, and whether its point admits it. */
  points?: PointTracker;
}

export interface LastScan {
  nonce: string;
  /** Device clock, ms. */
  at: number;
}

export interface Decision {
  item: Item;
  /** False for a re-sent item (the server had its nonce) and for undoing an undone check-in. */
  changed: boolean;
  rejected: UploadRejection | null;
  registrationId: string | null;
}

export interface NewCheckIn {
  item: CheckInItem;
  registrationId: string;
  forcedReason: ForcedReason | null;
  /** The point it is at (null without points: the event's first). */
  pointId: string | null;
  direction: Direction;
}

export interface NewRevert {
  item: RevertItem;
  registrationId: string;
}

/**
 * Decides a batch item by item, in the device's order: a check-in and its undo in one batch act
 * as they did on the device. The first standing check-in to reach the server is the one that
 * counts; a later one is kept and flagged, so an answer once given never changes when another
 * device syncs later. `state` is the stored truth; this works on a copy.
 */
export function decideBatch(items: Item[], state: StoredState, rules: UploadRules) {
  const standing = new Map([...state.standing].map(([id, nonces]) => [id, [...nonces]]));
  const targets = new Map([...state.targets].map(([nonce, target]) => [nonce, { ...target }]));
  const checkIns: NewCheckIn[] = [];
  const reverts: NewRevert[] = [];
  const lastScan = new Map(rules.stewardsLastScan);

  const decisions = items.map((item): Decision => {
    const decided = (
      rejected: UploadRejection | null,
      registrationId: string | null,
      changed = false,
    ) => ({
      item,
      changed,
      rejected,
      registrationId,
    });
    // First, so a re-sent nonce tells nobody outside the event what the server stored for it.
    if (!rules.eventOpen(item.eventId)) return decided('event_closed', null);
    if (state.seen.has(`${item.kind}:${item.nonce}`)) return decided(null, null);

    if (item.kind === 'checkIn') {
      const registration = item.registrationId
        ? state.registrationsById.get(item.registrationId)
        : state.registrationsByCode.get(item.ticketCode ?? '');
      if (!registration) return decided('unknown_ticket', null);
      if (registration.eventId !== item.eventId) return decided('wrong_event', null);
      const nonces = standing.get(registration.id) ?? [];
      const refusedStatus = registration.status !== 'registered' ? registration.status : null;
      const direction = item.direction ?? 'in';
      const pointId = rules.points ? rules.points.resolve(item) : null;
      if (rules.points && pointId === null) return decided('unknown_point', registration.id);
      let forcedReason: ForcedReason | null =
        refusedStatus ?? (nonces.length > 0 ? 'already_checked_in' : null);
      if (rules.points && pointId) {
        const verdict = rules.points.decide(item, registration.id, pointId, direction);
        if (direction === 'out' && !verdict.admitted) {
          return decided('exit_refused', registration.id);
        }
        forcedReason = direction === 'out' ? null : (refusedStatus ?? forcedAtPoint(verdict));
        rules.points.record(item.nonce, registration.id, pointId, direction);
      }
      checkIns.push({ item, registrationId: registration.id, forcedReason, pointId, direction });
      standing.set(registration.id, [...nonces, item.nonce]);
      targets.set(item.nonce, {
        registrationId: registration.id,
        eventId: item.eventId,
        reverted: false,
        deviceId: rules.deviceId,
        staffUserId: rules.staffOf(item),
        scannedAt: Date.parse(item.scannedAt),
      });
      const staff = rules.staffOf(item);
      const at = Date.parse(item.scannedAt);
      if (lastScan.has(staff) && at >= (lastScan.get(staff)?.at ?? -Infinity)) {
        lastScan.set(staff, { nonce: item.nonce, at });
      }
      return decided(null, registration.id, true);
    }

    const target = targets.get(item.checkInNonce);
    if (!target || target.eventId !== item.eventId) return decided('unknown_check_in', null);
    if (target.reverted) return decided(null, target.registrationId);
    // What the device promises, held here: only the device and staff member that scanned may
    // undo, and only within the window after the scan (both times from that device's clock).
    const sinceScan = Date.parse(item.revertedAt) - target.scannedAt;
    if (
      target.deviceId !== rules.deviceId ||
      target.staffUserId !== rules.staffOf(item) ||
      !(sinceScan >= 0 && sinceScan <= undoWindowMs)
    ) {
      return decided('undo_refused', target.registrationId);
    }
    const steward = rules.staffOf(item);
    if (lastScan.has(steward) && lastScan.get(steward)?.nonce !== item.checkInNonce) {
      return decided('undo_refused', target.registrationId);
    }
    target.reverted = true;
    rules.points?.revert(item.checkInNonce);
    const nonces = standing.get(target.registrationId) ?? [];
    standing.set(
      target.registrationId,
      nonces.filter((nonce) => nonce !== item.checkInNonce),
    );
    reverts.push({ item, registrationId: target.registrationId });
    return decided(null, target.registrationId, true);
  });

  return { decisions, checkIns, reverts };
}

/**
 * Why a point's refusal, accepted because a device already admitted it, is flagged. Only a second
 * entry of someone inside is "already checked in" (no new person inside); a refused re-entry, type
 * or hour let someone in, and occupancy counts them.
 */
function forcedAtPoint(verdict: PointVerdict): ForcedReason | null {
  if (verdict.admitted) return null;
  return verdict.reason === 'already_checked_in' ? 'already_checked_in' : 'not_admitted_here';
}
