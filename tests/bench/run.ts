import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Runs every tests/bench/*.bench.ts in turn (or those named on the command line), one after
// another in this process, so they do not compete for the machine's two cores.
async function main() {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
    .sort();
  for (const file of files) {
    console.log(`\n# ${file}`);
    const bench = (await import(join(__dirname, file))) as { run(): Promise<void> };
    await bench.run();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
