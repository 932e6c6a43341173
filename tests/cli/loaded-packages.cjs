// Preloaded into a `usher` process by call.test.ts (NODE_OPTIONS=--require): at exit, writes the
// packages (and typeorm's entry files) that the process loaded to USHER_LOADED_PACKAGES_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const loaded = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](.*)$/.exec(file);
    if (!match) continue;
    loaded.add(match[1].replace('\\', '/'));
    if (match[1] === 'typeorm' && !match[2].includes('/')) loaded.add(`typeorm/${match[2]}`);
  }
  writeFileSync(process.env.USHER_LOADED_PACKAGES_FILE, JSON.stringify([...loaded].sort()));
});
