// Run by crash.test.ts in a child process that gets killed with SIGKILL at random moments:
// scans every code it is given and prints each one after the device said "valid".
import { readFileSync, writeSync } from 'node:fs';
import { openDoorDevice } from '../../../../electron/core/door/device/device';

const [file, codesFile] = process.argv.slice(2);
if (!file || !codesFile) throw new Error('usage: scan-child <device file> <codes file>');

const device = openDoorDevice({
  file,
  transport: () => Promise.reject(new Error('no network in the crash test')),
});
for (const code of readFileSync(codesFile, 'utf8').split('\n').filter(Boolean)) {
  // writeSync: the line is out of the process once the green verdict is shown.
  if (device.scan(code).verdict === 'valid') writeSync(1, `${code}\n`);
}
writeSync(1, 'DONE\n');
