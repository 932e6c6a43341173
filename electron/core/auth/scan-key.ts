import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/*
 * How the server knows who scanned a ticket. At sign-in the server derives a scan key from the
 * new session's token and keeps it (staff_scan_keys); the door device derives the same key from
 * the token it holds and signs each check-in and undo with it. The device file keeps only the
 * token's hash, so reading that file (or the check-in lists) does not let anyone sign in
 * someone else's name: a check-in is credited to the staff whose key signed it, and otherwise to
 * whoever's session uploads it.
 */

/** The key a session signs its scans with; derived, so the token itself never leaves the holder. */
export const scanKeyOf = (token: string): Buffer =>
  createHmac('sha256', token).update('usher door scan key v1').digest();

/** Names a scan key without revealing it: the proof carries it so the server finds the key. */
export const scanKeyId = (key: Buffer): string =>
  createHash('sha256').update(key).digest('base64url').slice(0, 22);

/** The fields of an upload item a proof covers: changing any of them breaks the proof. */
export interface SignedItem {
  kind: 'checkIn' | 'revert';
  nonce: string;
  eventId: string;
  /** checkIn: the registration id or ticket code; revert: the check-in's nonce. */
  target: string;
  /** scannedAt or revertedAt, exactly as sent. */
  at: string;
}

const mac = (key: Buffer, item: SignedItem) =>
  createHmac('sha256', key)
    .update([item.kind, item.nonce, item.eventId, item.target, item.at].join('\n'))
    .digest('base64url');

/** `<key id>.<mac>`: what a device sends as `staffProof`. */
export const signScan = (key: Buffer, item: SignedItem): string =>
  `${scanKeyId(key)}.${mac(key, item)}`;

export const proofKeyId = (proof: string): string => proof.split('.')[0] ?? '';

export function verifyScan(key: Buffer, item: SignedItem, proof: string): boolean {
  const expected = Buffer.from(signScan(key, item));
  const given = Buffer.from(proof);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
