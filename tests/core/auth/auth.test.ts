import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminInput,
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';

let test: TestCore;
let admin: Caller;

beforeAll(async () => {
  test = await startTestCore({}, 'auth');
});

describe('first start and sign-in', () => {
  it('asks for setup until the first admin exists', async () => {
    const anon = test.caller();
    expect(await anon.ok('auth.session', {})).toEqual({ user: null, needsSetup: true });
    admin = await setupAdmin(test);
    const session = await admin.ok('auth.session', {});
    expect(session.needsSetup).toBe(false);
    expect(session.user).toMatchObject({ email: adminInput.email, role: 'admin' });
  });

  it('refuses a second setup', async () => {
    const result = await test
      .caller()
      .call('auth.setup', { ...adminInput, email: 'eve@example.org' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('stores argon2id hashes, never the password', async () => {
    const row = await test.core.db.one<{ password_hash: string }>(
      'select password_hash from users where email = $1',
      [adminInput.email],
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain(adminInput.password);
  });

  it('signs in case-insensitively and out again', async () => {
    const caller = test.caller();
    const login = await caller.call('auth.login', {
      email: adminInput.email.toUpperCase(),
      password: adminInput.password,
    });
    expect(login.ok).toBe(true);
    expect(caller.ctx.token).toEqual(expect.any(String));
    await caller.ok('auth.logout', {});
    expect(caller.ctx.token).toBeNull();
    expect((await caller.ok('auth.session', {})).user).toBeNull();
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const wrongPassword = await test
      .caller()
      .call('auth.login', { email: adminInput.email, password: 'nope' });
    const unknownEmail = await test
      .caller()
      .call('auth.login', { email: 'who@example.org', password: 'nope' });
    expect(wrongPassword).toEqual(unknownEmail);
    expect(wrongPassword).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('tells the app when to remember a session', async () => {
    const changes: unknown[] = [];
    const caller = test.caller();
    caller.ctx.onSessionChange = (change) => void changes.push(change);
    await caller.ok('auth.login', {
      email: adminInput.email,
      password: adminInput.password,
      remember: true,
    });
    await caller.ok('auth.logout', {});
    expect(changes).toEqual([
      { token: expect.any(String), remember: true },
      { token: null, remember: false },
    ]);
  });
});

describe('staff accounts', () => {
  it('lets an admin create, re-role and disable staff, ending their sessions', async () => {
    const door = await staffCaller(test, admin, 'door', 'dora@example.org');
    const doraId = (await door.ok('auth.session', {})).user!.id;
    const promoted = await admin.ok('users.update', { id: doraId, role: 'organizer' });
    expect(promoted.role).toBe('organizer');
    // The old session was minted for a door account: it must not survive the change.
    expect(await door.call('users.list', {})).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

    await admin.ok('users.update', { id: doraId, disabled: true });
    const relogin = await test.caller().call('auth.login', {
      email: 'dora@example.org',
      password: 'a long enough password',
    });
    expect(relogin).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a duplicate email whatever its case', async () => {
    const result = await admin.call('users.create', {
      email: 'DORA@example.org',
      fullName: 'Dora Again',
      role: 'door',
      password: 'a long enough password',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { email: expect.any(String) } },
    });
  });

  it('never leaves Usher without an admin', async () => {
    const adminId = (await admin.ok('auth.session', {})).user!.id;
    const result = await admin.call('users.update', { id: adminId, role: 'door' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('audits every change with who, what, before and after', async () => {
    const rows = await test.core.db.many<{
      action: string;
      actor_id: string | null;
      before: unknown;
    }>("select action, actor_id, before from audit_log where action = 'users.update' order by id");
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]?.actor_id).toEqual(expect.any(String));
    expect(rows[0]?.before).toMatchObject({ email: 'dora@example.org' });
  });
});

describe('changing one’s password', () => {
  it('ends that person’s other sessions at once and keeps this one', async () => {
    const email = 'pia@example.org';
    const password = 'a long enough password';
    await admin.ok('users.create', { email, fullName: 'Pia Moves', role: 'organizer', password });
    const here = test.caller();
    const there = test.caller();
    await here.ok('auth.login', { email, password });
    await there.ok('auth.login', { email, password });
    // Resolved once, so the session cache holds it: the change must reach past the cache.
    expect((await there.ok('auth.session', {})).user?.email).toBe(email);

    await here.ok('auth.changePassword', {
      currentPassword: password,
      newPassword: 'a new long password',
    });
    expect((await here.ok('auth.session', {})).user?.email).toBe(email);
    expect((await there.ok('auth.session', {})).user).toBeNull();
    expect(await there.call('events.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });
});
