import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../support/events';
import { openDevice, startDoorWorld, switchable, type DoorWorld } from '../door/fixtures';
import { questionInput } from './fixtures';

let world: DoorWorld;

beforeAll(async () => {
  world = await startDoorWorld('door_answers');
});

// Distinctive enough that finding it anywhere in the device's files can only mean a leak.
const SECRET = 'Peanut-allergy-EpiPen-7f3c9';

/** Every byte the device wrote: its database file and its write-ahead log. */
function deviceBytes(name: string): string {
  const file = join(world.dir, `${name}.sqlite`);
  return [file, `${file}-wal`, `${file}-journal`]
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path).toString('latin1'))
    .join('');
}

async function conference() {
  const { admin } = world;
  const event = await createEvent(admin);
  const diet = await admin.ok(
    'questions.create',
    questionInput(event.id, {
      label: 'Diet',
      kind: 'singleChoice',
      choices: ['none', 'vegetarian'],
      doorVisible: true,
    }),
  );
  const chair = await admin.ok(
    'questions.create',
    questionInput(event.id, { label: 'Wheelchair access', kind: 'yesNo', doorVisible: true }),
  );
  const medical = await admin.ok(
    'questions.create',
    questionInput(event.id, { label: 'Medical notes', kind: 'longText', doorVisible: false }),
  );
  const { registration } = await admin.ok('registrations.register', {
    eventId: event.id,
    name: 'Grace Hopper',
    email: 'grace@example.org',
    answers: { [diet.id]: 'vegetarian', [chair.id]: true, [medical.id]: SECRET },
  });
  return { event, diet, chair, medical, registration };
}

describe('answers at the door', () => {
  it('sends door-visible answers to the device, and private ones never', async () => {
    const { event, registration } = await conference();
    const device = openDevice(world, 'visible', switchable(world.door).transport);
    await device.prepare(event.id);

    const verdict = device.scan(registration.ticketCode);
    expect(verdict).toMatchObject({
      verdict: 'valid',
      attendee: {
        doorAnswers: [
          { label: 'Diet', kind: 'singleChoice', value: 'vegetarian' },
          { label: 'Wheelchair access', kind: 'yesNo', value: true },
        ],
      },
    });
    expect(device.search('grace')[0]!.doorAnswers).toHaveLength(2);

    // Not in any table, not in the file's bytes, not in its log.
    const bytes = deviceBytes('visible');
    expect(bytes).toContain('vegetarian');
    expect(bytes).not.toContain(SECRET);
    expect(bytes).not.toContain('Medical notes');
    const file = new Database(join(world.dir, 'visible.sqlite'), { readonly: true });
    try {
      const tables = file
        .prepare<[], { name: string }>("select name from sqlite_master where type = 'table'")
        .all();
      for (const { name } of tables) {
        const rows = JSON.stringify(file.prepare(`select * from "${name}"`).all());
        expect(rows, name).not.toContain(SECRET);
      }
    } finally {
      file.close();
    }
  });

  it('brings edited answers and changed questions to the device at the next sync', async () => {
    const { admin } = world;
    const { event, diet, chair, medical, registration } = await conference();
    const device = openDevice(world, 'changes', switchable(world.door).transport);
    await device.prepare(event.id);

    await admin.ok('answers.save', {
      registrationId: registration.id,
      version: 0,
      answers: { [diet.id]: 'none', [chair.id]: true, [medical.id]: SECRET },
    });
    await device.sync();
    const answersAtDoor = () => device.search('grace')[0]!.doorAnswers.map((a) => a.value);
    expect(answersAtDoor()).toEqual(['none', true]);

    // The organizer makes the diet question private: the device forgets the answer.
    const {
      eventId: _e,
      key: _k,
      ...settings
    } = questionInput(event.id, {
      label: 'Diet',
      kind: 'singleChoice',
      choices: ['none', 'vegetarian'],
      doorVisible: false,
    });
    await admin.ok('questions.update', { id: diet.id, version: 1, ...settings });
    await device.sync();
    expect(answersAtDoor()).toEqual([true]);

    // A question deleted (archived: it was answered) no longer shows either.
    await admin.ok('questions.delete', { id: chair.id, version: chair.version });
    await device.sync();
    expect(answersAtDoor()).toEqual([]);
    expect(deviceBytes('changes')).not.toContain(SECRET);
  });

  it('door.snapshot itself carries no private answer', async () => {
    const { event } = await conference();
    const page = await world.door.ok('door.snapshot', { eventId: event.id });
    expect(JSON.stringify(page)).not.toContain(SECRET);
    expect(page.attendees[0]!.doorAnswers.map((a) => a.label)).toEqual([
      'Diet',
      'Wheelchair access',
    ]);
  });
});
