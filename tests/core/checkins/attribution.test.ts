import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDoorDevice } from '../../../electron/core/door/device/device';
import { setupAdmin, type Caller, type TestCore } from '../../support/core';
import type { Unpluggable } from '../../support/unpluggable';
import { startStationWorld, switchable } from '../door/fixtures';
import { addAttendees, createEvent, type TestAttendee } from '../door/seed';

// A check-in is credited to the staff member who scanned it, not to whoever's session happens to
// upload it: door staff hand the desktop over between a scan and its sync.

let net: Unpluggable;
let dir: string;
let test: TestCore;
let admin: Caller;
let eventId: string;
let guests: TestAttendee[];

interface Staff {
  id: string;
  caller: Caller;
}

async function signUp(fullName: string, role: 'door' | 'organizer' = 'door'): Promise<Staff> {
  const email = `${randomUUID()}@example.org`;
  const password = 'a long enough password';
  const user = await admin.ok('users.create', { email, fullName, role, password });
  const caller = test.caller();
  await caller.ok('auth.login', { email, password });
  return { id: user.id, caller };
}

const creditOf = async (registrationId: string) =>
  (
    await test.core.db.many<{ staff_user_id: string | null }>(
      'select staff_user_id from check_ins where registration_id = $1 and reverted_at is null',
      [registrationId],
    )
  ).map((row) => row.staff_user_id);

beforeAll(async () => {
  ({ test, net, dir } = await startStationWorld('door_attribution'));
  const { core } = test;
  admin = await setupAdmin(test);
  eventId = await createEvent(core.db, 'Attribution night');
  guests = await addAttendees(core.db, eventId, 10);
});

describe('who a check-in is credited to', () => {
  it('is the staff who scanned offline, even when the next staff on the desktop syncs it', async () => {
    const alice = await signUp('Alice Early');
    const bob = await signUp('Bob Late');
    await alice.caller.ok('scanner.prepare', { eventId });
    // Bob has used this desktop before, so it still knows him with the server out of reach.
    await bob.caller.ok('scanner.status', {});
    await alice.caller.ok('scanner.status', {});

    net.unplug();
    try {
      const scanned = await alice.caller.ok('scanner.scan', { code: guests[0]!.ticketCode });
      expect(scanned).toMatchObject({ verdict: 'valid' });
      const undone = await alice.caller.ok('scanner.scan', { code: guests[1]!.ticketCode });
      if (undone.verdict !== 'valid') throw new Error('not valid');
      await alice.caller.ok('scanner.undo', { checkInId: undone.checkInId });
      expect(await alice.caller.ok('scanner.sync', {})).toMatchObject({
        online: false,
        pending: 3,
      });
      // Alice's shift ends; Bob takes over the desktop, which reopens the device in his name.
      expect(await bob.caller.ok('scanner.sync', {})).toMatchObject({
        online: false,
        pending: 3,
      });
    } finally {
      net.plugIn();
    }
    await alice.caller.ok('auth.logout', {});

    expect(await bob.caller.ok('scanner.sync', {})).toMatchObject({ online: true, pending: 0 });
    expect(await creditOf(guests[0]!.id)).toEqual([alice.id]);
    const audit = await test.core.db.one<{ actor_id: string; after: unknown }>(
      `select actor_id, after from audit_log where action = 'checkins.upload'
        order by id desc limit 1`,
    );
    expect(audit).toMatchObject({
      actor_id: bob.id,
      after: {
        checkIns: expect.arrayContaining([
          expect.objectContaining({ registrationId: guests[0]!.id, staffUserId: alice.id }),
        ]),
        reverts: [expect.objectContaining({ staffUserId: alice.id })],
      },
    });

    // Bob's own scans are his.
    await bob.caller.ok('scanner.scan', { code: guests[2]!.ticketCode });
    await bob.caller.ok('scanner.sync', {});
    expect(await creditOf(guests[2]!.id)).toEqual([bob.id]);
  });

  it('falls back to the uploader for a disabled, unknown, unnamed or unproven staff member', async () => {
    const uploader = await signUp('Una Uploader');
    const gone = await signUp('Gus Gone');
    await admin.ok('users.update', { id: gone.id, disabled: true });
    const organizer = await signUp('Olga Organizer', 'organizer');
    const item = (guest: TestAttendee, staffUserId?: string) => ({
      kind: 'checkIn' as const,
      nonce: randomUUID(),
      eventId,
      registrationId: guest.id,
      scannedAt: new Date().toISOString(),
      ...(staffUserId ? { staffUserId } : {}),
    });
    const [a, b, c, d] = guests.slice(3) as [
      TestAttendee,
      TestAttendee,
      TestAttendee,
      TestAttendee,
    ];
    await uploader.caller.ok('checkins.upload', {
      deviceId: 'door-x',
      items: [item(a, gone.id), item(b, randomUUID()), item(c), item(d, organizer.id)],
    });
    expect(await creditOf(a.id)).toEqual([uploader.id]);
    expect(await creditOf(b.id)).toEqual([uploader.id]);
    expect(await creditOf(c.id)).toEqual([uploader.id]);
    // Naming a real, enabled colleague is not enough: only their signature credits them.
    expect(await creditOf(d.id)).toEqual([uploader.id]);
    expect(organizer.id).not.toBe(uploader.id);
    expect(
      await uploader.caller.call('checkins.upload', {
        deviceId: 'door-x',
        items: [{ ...item(a), staffUserId: 'not-a-uuid' }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('keeps the outbox of a file from an older build, adding the staff column', async () => {
    const uploader = await signUp('Ola Older');
    const transport = switchable(uploader.caller);
    const file = join(dir, 'older.sqlite');
    const older = openDoorDevice({ file, transport: transport.transport, deviceId: 'older' });
    await older.prepare(eventId);
    transport.offline = true;
    expect(older.scan(guests[7]!.ticketCode)).toMatchObject({ verdict: 'valid' });
    await older.close();
    // As the older build wrote it: no staff_user_id column.
    const raw = new Database(file);
    raw.exec('alter table outbox drop column staff_user_id');
    raw.close();

    transport.offline = false;
    const device = openDoorDevice({ file, transport: transport.transport, staffUserId: null });
    try {
      expect(device.status()).toMatchObject({ deviceId: 'older', pending: 1 });
      expect(await device.sync()).toMatchObject({ online: true });
      expect(device.status().pending).toBe(0);
    } finally {
      await device.close();
    }
    expect(await creditOf(guests[7]!.id)).toEqual([uploader.id]);
  });
});
