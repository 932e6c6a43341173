import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyKeychainError,
  createKeychainStore,
  createMemorySecretStore,
  createSessionFallbackStore,
  KeychainError,
  type KeychainStatus,
  type SecretStore,
} from '../../../electron/core/secrets';

const ROOT = resolve(__dirname, '../../..');
const CI = process.env.CI === 'true' || process.env.CI === '1';
const RUN_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;
const serviceFor = (name: string) => `usher-test-${name}-${RUN_ID}`;

const hasCommand = (name: string) =>
  spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
// The Secret Service cases are Linux-only. On CI they always run, and fail if a tool is missing.
const linuxKeyringTests =
  process.platform === 'linux' &&
  (CI || (hasCommand('dbus-run-session') && hasCommand('gnome-keyring-daemon')));

// ---------------------------------------------------------------------------------------------
// Error classification, with the messages @napi-rs/keyring really produces on Linux.

describe('classifyKeychainError', () => {
  const cases: [string, 'locked' | 'unavailable'][] = [
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'locked'],
    [
      'Platform failure: DBus error: Failed to connect to socket /run/user/1000/bus: No such file or directory',
      'unavailable',
    ],
    [
      'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
      'unavailable',
    ],
    [
      'Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files',
      'unavailable',
    ],
    ["Couldn't access platform storage: Secret Service: no result found", 'unavailable'],
    ['User interaction is not allowed.', 'locked'],
  ];
  it.each(cases)('%s -> %s', (message, state) => {
    const error = classifyKeychainError(new Error('outer', { cause: new Error(message) }));
    expect(error).toBeInstanceOf(KeychainError);
    expect(error.state).toBe(state);
    expect(error.message).toMatch(/system keychain/);
  });

  it('keeps a KeychainError as it is', () => {
    const original = new KeychainError('locked', 'x');
    expect(classifyKeychainError(original)).toBe(original);
  });
});

// ---------------------------------------------------------------------------------------------
// The fallback's own logic, over an inner store we can switch between working and failing.

function switchableStore() {
  const backing = createMemorySecretStore();
  let failure: KeychainError | null = null;
  const guard = () => {
    if (failure) throw failure;
  };
  const store: SecretStore = {
    get: async (a) => (guard(), backing.get(a)),
    set: async (a, v) => (guard(), backing.set(a, v)),
    delete: async (a) => (guard(), backing.delete(a)),
    status: async (): Promise<KeychainStatus> =>
      failure
        ? { state: failure.state, message: failure.message }
        : { state: 'available', message: 'ok' },
  };
  return {
    store,
    backing,
    fail: (state: 'locked' | 'unavailable') => {
      failure = new KeychainError(state, 'test');
    },
    recover: () => {
      failure = null;
    },
  };
}

describe('createMemorySecretStore', () => {
  it('round trips and rejects empty account names', async () => {
    const store = createMemorySecretStore();
    expect(await store.get('a')).toBeNull();
    await store.set('a', 'one');
    await store.set('a', 'two');
    expect(await store.get('a')).toBe('two');
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    await expect(store.set('', 'x')).rejects.toThrow(/account/);
    expect((await store.status()).state).toBe('available');
  });
});

describe('createSessionFallbackStore (logic)', () => {
  it('writes through to the keychain while it works', async () => {
    const inner = switchableStore();
    const store = createSessionFallbackStore(inner.store);
    await store.set('db', 's3cret');
    expect(await inner.backing.get('db')).toBe('s3cret');
    expect(await store.status()).toEqual({ state: 'available', message: 'ok' });
  });

  it('keeps secrets for the session while the keychain is locked, then moves them in', async () => {
    const inner = switchableStore();
    const store = createSessionFallbackStore(inner.store);
    inner.fail('locked');
    await store.set('db', 'held');
    expect(await store.get('db')).toBe('held');
    expect(await store.get('other')).toBeNull();
    expect(await store.status()).toEqual({
      state: 'locked',
      message: 'The system keychain is locked; secrets are kept for this session only.',
    });
    expect(await inner.backing.get('db')).toBeNull();

    inner.recover();
    expect((await store.status()).state).toBe('available');
    expect(await inner.backing.get('db')).toBe('held');
    expect(await store.get('db')).toBe('held');
  });

  it('remembers deletions made while the keychain is unavailable', async () => {
    const inner = switchableStore();
    await inner.backing.set('db', 'old');
    const store = createSessionFallbackStore(inner.store);
    inner.fail('unavailable');
    expect(await store.delete('db')).toBe(false);
    expect(await store.get('db')).toBeNull();
    const status = await store.status();
    expect(status.state).toBe('unavailable');
    expect(status.message).toBe(
      'No system keychain is available; secrets are kept for this session only.',
    );

    inner.recover();
    expect((await store.status()).state).toBe('available');
    expect(await inner.backing.get('db')).toBeNull();
  });

  it('reports a held secret as deleted', async () => {
    const inner = switchableStore();
    const store = createSessionFallbackStore(inner.store);
    inner.fail('unavailable');
    await store.set('db', 'x');
    expect(await store.delete('db')).toBe(true);
    expect(await store.get('db')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// The real OS keychain in this process (run the suite with tests/support/with-keyring.sh).

const roundTripService = serviceFor('roundtrip');
const keychain = createKeychainStore(roundTripService, { timeoutMs: 20_000 });
const ambientStatus =
  linuxKeyringTests || process.platform !== 'linux' ? await keychain.status() : null;
const ambientKeychain = ambientStatus?.state === 'available';

describe.skipIf(!ambientKeychain && !CI)('OS keychain round trip', () => {
  const accounts = ['db', 'redis', 'unicode', 'long'];

  afterAll(async () => {
    for (const account of accounts) await keychain.delete(account).catch(() => false);
  });

  it('is available (run the tests through tests/support/with-keyring.sh)', () => {
    expect(ambientStatus).toEqual({
      state: 'available',
      message: 'Secrets are saved in the system keychain.',
    });
  });

  it('sets, gets, overwrites and deletes, keeping accounts apart', async () => {
    expect(await keychain.get('db')).toBeNull();
    await keychain.set('db', 'first');
    await keychain.set('redis', 'other');
    expect(await keychain.get('db')).toBe('first');
    await keychain.set('db', 'second');
    expect(await keychain.get('db')).toBe('second');
    expect(await keychain.get('redis')).toBe('other');

    // A separate store (fresh entries) sees the same value: it is in the keychain.
    expect(await createKeychainStore(roundTripService).get('db')).toBe('second');
    // Another service name does not.
    expect(await createKeychainStore(serviceFor('elsewhere')).get('db')).toBeNull();

    expect(await keychain.delete('db')).toBe(true);
    expect(await keychain.get('db')).toBeNull();
    expect(await keychain.delete('db')).toBe(false);
    expect(await keychain.get('redis')).toBe('other');
    expect(await keychain.delete('redis')).toBe(true);
  });

  it('keeps unicode and long values exactly', async () => {
    const unicode = 'pässwörd — 密码 🔑 \u0000 end';
    await keychain.set('unicode', unicode);
    expect(await keychain.get('unicode')).toBe(unicode);
    const long = 'x'.repeat(8_000) + 'é';
    await keychain.set('long', long);
    expect(await keychain.get('long')).toBe(long);
  });

  it('the session fallback writes through when the keychain works', async () => {
    const store = createSessionFallbackStore(keychain);
    await store.set('db', 'through');
    expect(await keychain.get('db')).toBe('through');
    expect((await store.status()).state).toBe('available');
    expect(await store.delete('db')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Keychain missing or locked, each in a child process: the library keeps one D-Bus connection
// per process, so the environment can only change there. The child loads the TypeScript module
// through Vite's server, spies on every Node file-writing call while the secret is handled, and
// runs with HOME, XDG_* and TMPDIR in a sandbox folder that is searched for the secret afterwards.

const CHILD = String.raw`
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { execFileSync } from 'node:child_process';
const require = createRequire(process.cwd() + '/');
const fs = require('node:fs');
const writes = [];
let watching = false;
const writeFlags = (flags) =>
  typeof flags === 'string'
    ? /[wa+]/.test(flags)
    : typeof flags === 'number' &&
      (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0;
const spy = (target, name, isWrite) => {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function (...args) {
    if (watching && isWrite(args)) writes.push(name + ' ' + String(args[0]));
    return original.apply(this, args);
  };
};
for (const name of ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream',
  'copyFile', 'copyFileSync', 'cp', 'cpSync', 'rename', 'renameSync', 'mkdir', 'mkdirSync',
  'mkdtemp', 'mkdtempSync', 'truncate', 'truncateSync', 'symlink', 'symlinkSync', 'link', 'linkSync']) {
  spy(fs, name, () => true);
  spy(fs.promises, name, () => true);
}
for (const name of ['open', 'openSync']) spy(fs, name, (args) => writeFlags(args[1] ?? 'r'));
spy(fs.promises, 'open', (args) => writeFlags(args[1] ?? 'r'));
syncBuiltinESMExports();

const { createServer } = await import('vite');
const server = await createServer({
  configFile: false, logLevel: 'silent', appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
const m = await server.ssrLoadModule(process.cwd() + '/electron/core/secrets/index.ts');
const service = process.env.USHER_TEST_SERVICE;
const secret = process.env.USHER_TEST_SECRET;
const failure = async (promise) => {
  try { await promise; return null; }
  catch (e) { return { name: e.name, state: e.state, message: e.message }; }
};
const dbus = (...args) => execFileSync('dbus-send',
  ['--session', '--print-reply=literal', '--dest=org.freedesktop.secrets', ...args],
  { encoding: 'utf8' }).trim();

const out = {};
const keychain = m.createKeychainStore(service, { timeoutMs: 20000 });
const fallback = m.createSessionFallbackStore(keychain);
if (process.env.USHER_TEST_SCENARIO === 'locked') {
  await keychain.set('before-lock', 'value-before-lock');
  const collection = dbus('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.ReadAlias', 'string:default');
  dbus('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:' + collection);
  out.lockedProperty = dbus(collection, 'org.freedesktop.DBus.Properties.Get',
    'string:org.freedesktop.Secret.Collection', 'string:Locked').includes('boolean true');
  out.keychainGetLocked = await failure(keychain.get('before-lock'));
  out.fallbackGetLocked = await fallback.get('before-lock');
}
out.keychainStatus = await keychain.status();
out.keychainSet = await failure(keychain.set('db', 'never-stored'));
out.keychainGet = await failure(keychain.get('db'));

watching = true;
await fallback.set('db', 'first-' + secret);
out.get1 = await fallback.get('db');
await fallback.set('db', secret);
out.get2 = await fallback.get('db');
await fallback.set('redis', 'other');
out.redis = await fallback.get('redis');
out.deleted = await fallback.delete('redis');
out.redisAfterDelete = await fallback.get('redis');
out.fallbackStatus = await fallback.status();
out.getAfterStatus = await fallback.get('db');
watching = false;
out.writes = writes;
out.otherStoreGet = await m.createSessionFallbackStore(m.createKeychainStore(service)).get('db');
await server.close();
console.log('RESULT ' + JSON.stringify(out));
`;

interface ChildResult {
  lockedProperty?: boolean;
  keychainGetLocked?: { name: string; state: string; message: string } | null;
  fallbackGetLocked?: string | null;
  keychainStatus: KeychainStatus;
  keychainSet: { name: string; state: string; message: string } | null;
  keychainGet: { name: string; state: string; message: string } | null;
  get1: string | null;
  get2: string | null;
  redis: string | null;
  deleted: boolean;
  redisAfterDelete: string | null;
  fallbackStatus: KeychainStatus;
  getAfterStatus: string | null;
  writes: string[];
  otherStoreGet: string | null;
}

const scratch = mkdtempSync(join(tmpdir(), 'usher-secrets-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

async function runChild(
  scenario: 'missing' | 'locked',
  prefix: string[],
  env: Record<string, string | undefined>,
): Promise<{
  result: ChildResult;
  secret: string;
  sandboxFiles: string[];
  filesWithSecret: string[];
}> {
  const secret = `secret-${randomUUID()}`;
  const sandbox = mkdtempSync(join(scratch, 'sandbox-'));
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: sandbox,
    XDG_DATA_HOME: join(sandbox, 'data'),
    XDG_CONFIG_HOME: join(sandbox, 'config'),
    XDG_CACHE_HOME: join(sandbox, 'cache'),
    XDG_STATE_HOME: join(sandbox, 'state'),
    XDG_RUNTIME_DIR: sandbox,
    TMPDIR: sandbox,
    USHER_TEST_SCENARIO: scenario,
    USHER_TEST_SERVICE: serviceFor(scenario),
    USHER_TEST_SECRET: secret,
    ...env,
  };
  for (const [key, value] of Object.entries(childEnv))
    if (value === undefined) delete childEnv[key];
  const command = [...prefix, process.execPath, '--input-type=module', '-e', CHILD];
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) {
    throw new Error(
      `child (${scenario}) exited with ${code}\nstdout:\n${stdout}\nstderr:\n${stderr}`,
    );
  }
  // with-keyring.sh keeps its keyring files in TMPDIR (the sandbox) and removes them on exit.
  const sandboxFiles = filesUnder(sandbox);
  const filesWithSecret = sandboxFiles.filter((path) => readFileSync(path).includes(secret));
  return {
    result: JSON.parse(line.slice('RESULT '.length)) as ChildResult,
    secret,
    sandboxFiles,
    filesWithSecret,
  };
}

function expectSessionOnly(
  run: Awaited<ReturnType<typeof runChild>>,
  state: 'locked' | 'unavailable',
) {
  const { result, secret } = run;
  expect(result.keychainSet).toMatchObject({ name: 'KeychainError', state });
  expect(result.get1).toBe(`first-${secret}`);
  expect(result.get2).toBe(secret);
  expect(result.redis).toBe('other');
  expect(result.deleted).toBe(true);
  expect(result.redisAfterDelete).toBeNull();
  expect(result.fallbackStatus).toEqual({
    state,
    message:
      state === 'locked'
        ? 'The system keychain is locked; secrets are kept for this session only.'
        : 'No system keychain is available; secrets are kept for this session only.',
  });
  expect(result.getAfterStatus).toBe(secret);
  // Memory of that one store only: nothing was persisted anywhere another store could read.
  expect(result.otherStoreGet).toBeNull();
  // Never written to a file.
  expect(result.writes).toEqual([]);
  expect(run.filesWithSecret).toEqual([]);
  expect(run.sandboxFiles).toEqual([]);
}

describe.skipIf(!linuxKeyringTests)('OS keychain missing or locked (Linux)', () => {
  let busConfig = '';

  beforeAll(() => {
    // A session bus where nothing provides org.freedesktop.secrets.
    const busDir = mkdtempSync(join(scratch, 'bus-'));
    busConfig = join(busDir, 'session.conf');
    writeFileSync(
      busConfig,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${busDir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
    );
  });

  it('no session bus: the keychain store rejects, the fallback keeps the secret in memory', async () => {
    const run = await runChild('missing', [], {
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(scratch, 'no-such-bus')}`,
    });
    expect(run.result.keychainStatus).toEqual({
      state: 'unavailable',
      message: 'The system keychain cannot be used: there is no desktop session bus (D-Bus).',
    });
    expect(run.result.keychainSet?.message).toMatch(/no desktop session bus/);
    expect(run.result.keychainGet).toMatchObject({ state: 'unavailable' });
    expectSessionOnly(run, 'unavailable');
  });

  it('a session bus without any Secret Service: unavailable, secrets kept for the session', async () => {
    const run = await runChild(
      'missing',
      ['dbus-run-session', `--config-file=${busConfig}`, '--'],
      {},
    );
    expect(run.result.keychainStatus).toEqual({
      state: 'unavailable',
      message:
        'The system keychain cannot be used: no keyring service (Secret Service) is running.',
    });
    expectSessionOnly(run, 'unavailable');
  });

  it('a locked keyring collection: locked, secrets kept for the session', async () => {
    // A private bus and gnome-keyring (unset address, so with-keyring.sh starts its own).
    const run = await runChild('locked', ['bash', join(ROOT, 'tests/support/with-keyring.sh')], {
      DBUS_SESSION_BUS_ADDRESS: undefined,
    });
    expect(run.result.lockedProperty).toBe(true);
    expect(run.result.keychainGetLocked).toMatchObject({ name: 'KeychainError', state: 'locked' });
    expect(run.result.fallbackGetLocked).toBeNull();
    expect(run.result.keychainStatus).toEqual({
      state: 'locked',
      message: 'The system keychain is locked. Unlock it to save secrets.',
    });
    expectSessionOnly(run, 'locked');
  });
});
