import type { ChannelParsedInput } from '@shared/contract';
import type { ForcedReason, UploadRejection } from '@shared/contract/door';
import type { RegistrationStatus } from '@shared/domain';

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
export function decideBatch(items: Item[], state: StoredState) {
  const standing = new Map([...state.standing].map(([id, nonces]) => [id, [...nonces]]));
  const targets = new Map([...state.targets].map(([nonce, target]) => [nonce, { ...target }]));
  const checkIns: NewCheckIn[] = [];
  const reverts: NewRevert[] = [];

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
    if (state.seen.has(`${item.kind}:${item.nonce}`)) return decided(null, null);

    if (item.kind === 'checkIn') {
      const registration = item.registrationId
        ? state.registrationsById.get(item.registrationId)
        : state.registrationsByCode.get(item.ticketCode ?? '');
      if (!registration) return decided('unknown_ticket', null);
      if (registration.eventId !== item.eventId) return decided('wrong_event', null);
      const nonces = standing.get(registration.id) ?? [];
      const refusedStatus = registration.status !== 'registered' ? registration.status : null;
      checkIns.push({
        item,
        registrationId: registration.id,
        forcedReason: refusedStatus ?? (nonces.length > 0 ? 'already_checked_in' : null),
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
    reverts.push({ item, registrationId: target.registrationId });
    return decided(null, target.registrationId, true);
  });

  return { decisions, checkIns, reverts };
}
