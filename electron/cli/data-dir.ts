import { homedir } from 'node:os';
import { join } from 'node:path';
import { productName } from '../../package.json';

export interface Platform {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

const here: Platform = { platform: process.platform, env: process.env, home: homedir() };

/**
 * The app's data folder, computed as Electron computes `app.getPath('userData')`: the platform's
 * application-data folder and the app's name, which is package.json's `productName`. So the CLI
 * finds the app's settings, keychain entries and local database on every OS.
 */
export function appDataDir({ platform, env, home }: Platform = here): string {
  if (env.USHER_DATA_DIR) return env.USHER_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', productName);
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), productName);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), productName);
}
