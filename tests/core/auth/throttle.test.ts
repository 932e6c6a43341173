import { beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';
import { onCleanup } from '../../support/cleanup';
import {
  makeCaller,
  setupAdmin,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';

// Password guessing is slowed down per account (on every desktop) and per desktop, plainly
// explained to the person, and every lock-out is in the audit log.

let test: TestCore;
let admin: Caller;
const password = 'a long enough password';

beforeAll(async () => {
  test = await startTestCore({}, 'auth_throttle');
  admin = await setupAdmin(test);
});

async function account(email: string) {
  await admin.ok('users.create', { email, fullName: 'Guessed At', role: 'organizer', password });
}

const lockOuts = async (email: string) =>
  (
    await test.core.db.many<{ after: { email: string } }>(
      `select after from audit_log where action = 'auth.locked_out' order by id`,
    )
  ).filter((row) => row.after.email === email).length;

/** As if the pause had run out, without waiting for it. */
const endPauses = () =>
  test.core.db.run(`update sign_in_failures set locked_until = now() - interval '1 second'`);

describe('an account under a burst of wrong passwords', () => {
  it('refuses even the right password afterwards, saying why, and audits the lock-out', async () => {
    const email = 'target@example.org';
    await account(email);
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        test.caller().call('auth.login', { email, password: `wrong guess ${i}` }),
      ),
    );
    expect(guesses.every((g) => !g.ok && g.error.code === 'UNAUTHENTICATED')).toBe(true);

    // Thirty failures are also too many for this desktop, whatever the account.
    const right = await test.caller().call('auth.login', { email, password });
    expect(right).toMatchObject({
      ok: false,
      error: {
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/Too many failed sign-ins .*try again in/),
      },
    });
    expect(await lockOuts(email)).toBeGreaterThan(0);

    // On another desktop too: the pause is the account's, kept in the database.
    const otherDesktop = await createCore({ databaseUrl: test.database.url, log: silentLogger });
    onCleanup(() => otherDesktop.close());
    const there = () => makeCaller(otherDesktop);
    expect(await there().call('auth.login', { email, password })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Too many failed sign-ins for this account/) },
    });

    await endPauses();
    await there().ok('auth.login', { email, password });
    // A success starts the count again: one more mistake is just a mistake.
    const once = await there().call('auth.login', { email, password: 'one typo here' });
    expect(once).toMatchObject({ error: { message: 'That email and password do not match.' } });
    await there().ok('auth.login', { email, password });
  });

  it('allows a few mistakes before pausing, and pauses unknown emails the same way', async () => {
    const email = 'careful@example.org';
    await account(email);
    // A desktop of its own: the burst above paused the first one.
    const desk = await createCore({ databaseUrl: test.database.url, log: silentLogger });
    onCleanup(() => desk.close());
    const caller = () => makeCaller(desk);
    for (let i = 0; i < 5; i++) {
      await caller().call('auth.login', { email, password: `typo ${i}` });
    }
    await caller().ok('auth.login', { email, password });

    const ghost = 'nobody-here@example.org';
    const answers = [];
    for (let i = 0; i < 7; i++) {
      answers.push(await caller().call('auth.login', { email: ghost, password: `guess ${i}` }));
    }
    const messages = answers.map((a) => (a.ok ? 'ok' : a.error.message));
    expect(messages.slice(0, 6).every((m) => m === 'That email and password do not match.')).toBe(
      true,
    );
    expect(messages[6]).toMatch(/Too many failed sign-ins for this account/);
  });
});

describe('one desktop guessing across many accounts', () => {
  it('is paused on that desktop only', async () => {
    await endPauses();
    const desk = await startTestCore({}, 'auth_throttle_desk');
    const deskAdmin = await setupAdmin(desk);
    const email = 'real@example.org';
    await deskAdmin.ok('users.create', { email, fullName: 'Real Person', role: 'door', password });
    // A few guesses on each of many accounts: no single account reaches its pause.
    for (let account = 0; account < 7; account++) {
      for (let guess = 0; guess < 3; guess++) {
        await desk.caller().call('auth.login', {
          email: `someone${account}@example.org`,
          password: `guess ${guess}`,
        });
      }
    }
    expect(await desk.caller().call('auth.login', { email, password })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Too many failed sign-ins on this desktop/) },
    });
    const elsewhere = await createCore({ databaseUrl: desk.database.url, log: silentLogger });
    onCleanup(() => elsewhere.close());
    await makeCaller(elsewhere).ok('auth.login', { email, password });
  });
});
