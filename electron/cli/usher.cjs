#!/usr/bin/env node
// The `usher` command: the same core as the app, without a window. Built by `npm run build`.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', '..', 'out', 'main', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write('usher: not built yet. Run `npm run build` in the Usher folder first.\n');
  process.exit(2);
}
// Node 22.1+: V8 keeps the compiled code of the bundle and its packages between runs, so each
// call starts faster (older Node has no such function and starts as before).
require('node:module').enableCompileCache?.();
require(entry);
