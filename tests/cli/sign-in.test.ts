import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

// Signing in from the `usher` command as a person does, against a fresh database.
const bin = join(__dirname, '../../electron/cli/usher.cjs');
let database: TestDatabase;
const admin = { email: 'first-admin@example.org', password: 'first admin password' };

beforeAll(async () => {
  if (!existsSync(join(__dirname, '../../out/main/cli.js'))) {
    throw new Error('The CLI is not built: run `npm run build` (npm test builds first)');
  }
  database = await createTestDatabase('cli_sign_in');
});

function usher(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        USHER_EMAIL: '',
        USHER_PASSWORD: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function openSessions(): Promise<number> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('select count(*)::int as n from sessions')).rows[0]!
      .n;
  } finally {
    await client.end();
  }
}

const signedInAs = { USHER_EMAIL: admin.email, USHER_PASSWORD: admin.password };

describe('usher sign-in', () => {
  it('runs auth.setup with credentials set for the account it creates, then ends the session', async () => {
    const setup = await usher(
      ['call', 'auth.setup', JSON.stringify({ ...admin, fullName: 'First Admin' })],
      signedInAs,
    );
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(JSON.parse(setup.stdout)).toMatchObject({
      ok: true,
      value: { user: { email: admin.email } },
    });
    expect(await openSessions()).toBe(0);

    const listed = await usher(['call', 'users.list', '{}'], signedInAs);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).value).toHaveLength(1);
    expect(await openSessions()).toBe(0);
  });

  it('says a refused sign-in in one plain line and exits 1', async () => {
    const wrong = await usher(['call', 'users.list', '{}'], {
      USHER_EMAIL: admin.email,
      USHER_PASSWORD: 'not the password',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/^usher: Sign-in failed: /);
    expect(wrong.stderr).not.toMatch(/Usage/);
  });

  it('never echoes an input that may hold a secret', async () => {
    const secret = 'my-secret-password-123';
    const broken = await usher(['call', 'auth.setup', `{"password": "${secret}"`]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON/);
    expect(broken.stderr + broken.stdout).not.toContain(secret);
  });
});
