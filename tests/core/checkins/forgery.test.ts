import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '@shared/contract';
import { undoWindowMs } from '@shared/contract/door';
import { scanKeyOf, signScan } from '../../../electron/core/auth/scan-key';
import { signedFields } from '../../../electron/core/checkins/apply-upload';
import { staffCaller, type Caller } from '../../support/core';
import {
  addAttendees,
  createEvent,
  startDoorWorld,
  type DoorWorld,
  type TestAttendee,
} from '../door/fixtures';

// checkins.upload is open to every door account, so the server must hold to what an honest
// device promises: it cannot be talked into undoing someone else's scan, an old scan, or into
// crediting a scan to a colleague who did not make it.

type Item = ChannelInput<'checkins.upload'>['items'][number];

let world: DoorWorld;
let eventId: string;
let guests: TestAttendee[];
let honest: Caller;
let forger: Caller;
let honestId: string;
let forgerId: string;

const userId = async (caller: Caller) => (await caller.ok('auth.session', {})).user!.id;
const MINUTE = 60_000;

const checkIn = (guest: TestAttendee, at: Date): Extract<Item, { kind: 'checkIn' }> => ({
  kind: 'checkIn',
  nonce: randomUUID(),
  eventId,
  registrationId: guest.id,
  scannedAt: at.toISOString(),
});
const revert = (checkInNonce: string, at: Date): Extract<Item, { kind: 'revert' }> => ({
  kind: 'revert',
  nonce: randomUUID(),
  eventId,
  checkInNonce,
  revertedAt: at.toISOString(),
});
/** Signed as the device of `signer` signs its items. */
const signedBy = <T extends Item>(signer: Caller, item: T, staffUserId: string): T => ({
  ...item,
  staffUserId,
  staffProof: signScan(scanKeyOf(signer.ctx.token!), signedFields(item)),
});

const standing = async (registrationId: string) =>
  world.test.core.db.many<{ staff_user_id: string }>(
    'select staff_user_id from check_ins where registration_id = $1 and reverted_at is null',
    [registrationId],
  );

beforeAll(async () => {
  world = await startDoorWorld('checkin_forgery');
  eventId = await createEvent(world.test.core.db, 'Forgery night');
  guests = await addAttendees(world.test.core.db, eventId, 12);
  honest = world.door;
  forger = await staffCaller(world.test, world.admin, 'door');
  honestId = await userId(honest);
  forgerId = await userId(forger);
});

describe('undo through checkins.upload', () => {
  it('is refused to another staff member, even naming the scanning device and a time in the window', async () => {
    const scannedAt = new Date(Date.now() - 10 * MINUTE);
    const scan = signedBy(honest, checkIn(guests[0]!, scannedAt), honestId);
    await honest.ok('checkins.upload', { deviceId: 'door-honest', items: [scan] });

    const undo = revert(scan.nonce, new Date(scannedAt.getTime() + MINUTE));
    const forged = await forger.ok('checkins.upload', { deviceId: 'door-honest', items: [undo] });
    expect(forged.results.map((r) => [r.applied, r.rejected])).toEqual([[false, 'undo_refused']]);
    // Naming the scanning staff without their signature changes nothing either.
    const named = await forger.ok('checkins.upload', {
      deviceId: 'door-honest',
      items: [
        { ...revert(scan.nonce, new Date(scannedAt.getTime() + MINUTE)), staffUserId: honestId },
      ],
    });
    expect(named.results[0]!.rejected).toBe('undo_refused');
    expect(await standing(guests[0]!.id)).toHaveLength(1);
  });

  it('is refused outside the window after the scan, or from another device', async () => {
    const scannedAt = new Date(Date.now() - 10 * MINUTE);
    const scan = checkIn(guests[1]!, scannedAt);
    await honest.ok('checkins.upload', { deviceId: 'door-honest', items: [scan] });
    const late = revert(scan.nonce, new Date(scannedAt.getTime() + undoWindowMs + 1_000));
    const early = revert(scan.nonce, new Date(scannedAt.getTime() - 1_000));
    const elsewhere = revert(scan.nonce, new Date(scannedAt.getTime() + MINUTE));
    const answers = [
      await honest.ok('checkins.upload', { deviceId: 'door-honest', items: [late] }),
      await honest.ok('checkins.upload', { deviceId: 'door-honest', items: [early] }),
      await honest.ok('checkins.upload', { deviceId: 'door-other', items: [elsewhere] }),
    ];
    expect(answers.map((a) => a.results[0]!.rejected)).toEqual([
      'undo_refused',
      'undo_refused',
      'undo_refused',
    ]);
    expect(await standing(guests[1]!.id)).toHaveLength(1);
  });

  it('stands for the scanning staff on the scanning device within the window', async () => {
    const scannedAt = new Date(Date.now() - 10 * MINUTE);
    const scan = checkIn(guests[2]!, scannedAt);
    await honest.ok('checkins.upload', { deviceId: 'door-honest', items: [scan] });
    const undo = revert(scan.nonce, new Date(scannedAt.getTime() + MINUTE));
    const answer = await honest.ok('checkins.upload', { deviceId: 'door-honest', items: [undo] });
    expect(answer.results.map((r) => [r.applied, r.rejected])).toEqual([[true, null]]);
    expect(await standing(guests[2]!.id)).toHaveLength(0);
  });
});

describe('crediting a check-in', () => {
  it('goes to the uploader when the named colleague did not sign it', async () => {
    const now = new Date();
    const unsigned = { ...checkIn(guests[3]!, now), staffUserId: honestId };
    // Signed with the forger's own key, but naming the honest colleague.
    const misSigned = signedBy(forger, checkIn(guests[4]!, now), honestId);
    // A real signature of the honest colleague, copied onto another item.
    const copied = {
      ...checkIn(guests[5]!, now),
      staffUserId: honestId,
      staffProof: signedBy(honest, checkIn(guests[5]!, now), honestId).staffProof,
    };
    await forger.ok('checkins.upload', {
      deviceId: 'door-x',
      items: [unsigned, misSigned, copied],
    });
    for (const guest of guests.slice(3, 6)) {
      expect(await standing(guest.id)).toEqual([{ staff_user_id: forgerId }]);
    }
  });

  it('goes to the colleague whose signature it carries', async () => {
    const item = signedBy(honest, checkIn(guests[6]!, new Date()), honestId);
    await forger.ok('checkins.upload', { deviceId: 'door-x', items: [item] });
    expect(await standing(guests[6]!.id)).toEqual([{ staff_user_id: honestId }]);
  });

  it('stops at a new password: the old sessions’ signatures no longer credit anyone', async () => {
    const password = 'another long password';
    const email = `${randomUUID()}@example.org`;
    await world.admin.ok('users.create', { email, fullName: 'Pat Moved', role: 'door', password });
    const desk = world.test.caller();
    await desk.ok('auth.login', { email, password });
    const elsewhere = world.test.caller();
    await elsewhere.ok('auth.login', { email, password });
    const patId = await userId(desk);
    await elsewhere.ok('auth.changePassword', {
      currentPassword: password,
      newPassword: 'a brand new password',
    });
    const item = signedBy(desk, checkIn(guests[7]!, new Date()), patId);
    await forger.ok('checkins.upload', { deviceId: 'door-x', items: [item] });
    expect(await standing(guests[7]!.id)).toEqual([{ staff_user_id: forgerId }]);
  });
});

describe('events a door account may check people in at', () => {
  it('are published ones only: drafts and cancelled events are refused item by item', async () => {
    const draft = await world.test.core.db.one<{ id: string }>(
      `insert into events (title, starts_at, ends_at, time_zone, status)
       values ('Draft', now(), now() + interval '1 hour', 'UTC', 'draft') returning id`,
    );
    const [draftGuest] = await addAttendees(world.test.core.db, draft!.id, 1);
    const items: Item[] = [
      { ...checkIn(draftGuest!, new Date()), eventId: draft!.id },
      checkIn(guests[8]!, new Date()),
    ];
    const answer = await forger.ok('checkins.upload', { deviceId: 'door-x', items });
    expect(answer.results.map((r) => r.rejected)).toEqual(['event_closed', null]);
    expect(await standing(draftGuest!.id)).toEqual([]);

    await world.test.core.db.run(`update events set status = 'cancelled' where id = $1`, [eventId]);
    try {
      const late = await forger.ok('checkins.upload', {
        deviceId: 'door-x',
        items: [checkIn(guests[9]!, new Date())],
      });
      expect(late.results[0]!.rejected).toBe('event_closed');
      expect(await standing(guests[9]!.id)).toEqual([]);
    } finally {
      await world.test.core.db.run(`update events set status = 'published' where id = $1`, [
        eventId,
      ]);
    }
  });
});
