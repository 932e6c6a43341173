import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/**
 * Runs a TypeScript file in a child Node process through tsx, from the project's root, its
 * stdout and stderr piped: for tests that kill a process at random moments.
 */
export function spawnTsChild(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    // tsx reads the `@shared/*` path alias from the node build's tsconfig.
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.node.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
