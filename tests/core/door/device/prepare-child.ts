// Run by prepare-crash.test.ts in a child process that gets killed with SIGKILL while a first
// download moves into the device file. The server's answers are replayed from a file the test
// recorded; "LAST" is printed once the last page is handed over, "DONE" once prepare returned.
import { readFileSync, writeSync } from 'node:fs';
import { openDoorDevice } from '../../../../electron/core/door/device/device';
import type { DoorTransport } from '../../../../electron/core/door/device/types';

const [file, answersFile, eventId] = process.argv.slice(2);
if (!file || !answersFile || !eventId) {
  throw new Error('usage: prepare-child <device file> <answers file> <event id>');
}

const answers = new Map(
  Object.entries(JSON.parse(readFileSync(answersFile, 'utf8')) as Record<string, unknown>),
);
const transport = (async (channel: string, input: unknown) => {
  const answer = answers.get(`${channel} ${JSON.stringify(input)}`);
  if (!answer) throw new Error(`no recorded answer to ${channel} ${JSON.stringify(input)}`);
  if ((answer as { value?: { done?: boolean } }).value?.done) writeSync(1, 'LAST\n');
  return answer;
}) as DoorTransport;

async function main(device: ReturnType<typeof openDoorDevice>) {
  const started = performance.now();
  await device.prepare(eventId!);
  writeSync(1, `DONE ${Math.round(performance.now() - started)}\n`);
  await device.close();
}

void main(openDoorDevice({ file, transport }));
