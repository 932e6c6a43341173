import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir, type Platform } from '../../electron/cli/data-dir';

// Electron's documented rule (app.getPath): userData is appData joined with the app's name, and
// the name is package.json's productName, else its name. appData is %APPDATA% on Windows,
// $XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Application Support on macOS.
const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
  name: string;
  productName?: string;
};
function electronUserData({ platform, env, home }: Platform): string {
  const appName = manifest.productName ?? manifest.name;
  const appData =
    platform === 'darwin'
      ? join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? env.APPDATA!
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(appData, appName);
}

const platforms: Platform[] = [
  { platform: 'linux', env: {}, home: '/home/ada' },
  { platform: 'linux', env: { XDG_CONFIG_HOME: '/home/ada/.cfg' }, home: '/home/ada' },
  { platform: 'darwin', env: {}, home: '/Users/ada' },
  {
    platform: 'win32',
    env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
    home: 'C:\\Users\\ada',
  },
];

describe("the CLI's data folder", () => {
  it.each(platforms)("is the app's own on $platform ($env)", (where) => {
    expect(appDataDir(where)).toBe(electronUserData(where));
  });

  it('is "Usher" by name, as the README says', () => {
    expect(appDataDir(platforms[0]!)).toBe('/home/ada/.config/Usher');
  });

  it('can be overridden with USHER_DATA_DIR', () => {
    const where = { ...platforms[0]!, env: { USHER_DATA_DIR: '/srv/usher' } };
    expect(appDataDir(where)).toBe('/srv/usher');
  });
});
