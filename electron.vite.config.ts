import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { withScriptNonce } from './electron/main/security';

const alias = { '@shared': resolve(__dirname, 'shared') };

/**
 * `npm run dev`: React Refresh needs an inline script, which the page's CSP (meta tag and main's
 * header) refuses. Vite puts this run's nonce on every script it serves, the page's meta policy
 * allows that nonce, and main learns it from USHER_DEV_CSP_NONCE (electron-vite starts Electron
 * with this process's environment) for its header. Built pages carry neither.
 */
function devScriptNonce(nonce: string): Plugin {
  return {
    name: 'usher-dev-script-nonce',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(
        /(http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/,
        (_all, head: string, policy: string) => `${head}${withScriptNonce(policy, nonce)}"`,
      ),
  };
}

export default defineConfig(({ command }) => {
  const devNonce = command === 'serve' ? randomBytes(18).toString('base64url') : undefined;
  if (devNonce) process.env.USHER_DEV_CSP_NONCE = devNonce;
  return {
    main: {
      plugins: [externalizeDepsPlugin()],
      resolve: { alias },
      build: {
        rollupOptions: {
          input: {
            index: resolve(__dirname, 'electron/main/index.ts'),
            cli: resolve(__dirname, 'electron/cli/index.ts'),
          },
        },
      },
    },
    preload: {
      // Sandboxed preloads cannot require packages: bundle everything (it imports types only).
      resolve: { alias },
      build: {
        rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
      },
    },
    renderer: {
      root: resolve(__dirname, 'renderer'),
      // Relative asset URLs: the app loads the built page from file://.
      base: './',
      resolve: { alias },
      plugins: [react(), ...(devNonce ? [devScriptNonce(devNonce)] : [])],
      ...(devNonce ? { html: { cspNonce: devNonce } } : {}),
      build: { rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } } },
    },
  };
});
