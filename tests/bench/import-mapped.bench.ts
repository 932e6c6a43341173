import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { eventInput } from '../support/events';
import { createTestDatabase } from '../support/postgres';
import { report } from './stats';

// An import of mapped rows (name, email, one of three ticket types by name, two answers) against
// the same number of plain name,email rows into a single-type event without questions, in the
// same run: resolving the type, reading and checking the answers and storing them is the
// difference. `IMPORT_ROWS=100000` runs a smaller file (default: a million rows).

const ROWS = Number(process.env.IMPORT_ROWS ?? 1_000_000);
const TYPES = ['Standard', 'VIP', 'Student'];
const DIETS = ['none', 'Vegetarian', 'vegan'];

export async function run() {
  const database = await createTestDatabase('bench_import_mapped');
  const core = await createCore({ databaseUrl: database.url, log: silentLogger });
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    const plain = await timeImport(admin, false);
    const mapped = await timeImport(admin, true);
    const rate = (seconds: number) => Math.round(ROWS / seconds).toLocaleString('en');
    report(`Import of ${ROWS.toLocaleString('en')} rows`, {
      'plain name,email': `${plain.toFixed(1)} s (${rate(plain)} rows/s)`,
      'mapped: type + 2 answers': `${mapped.toFixed(1)} s (${rate(mapped)} rows/s)`,
      'mapped time / plain time': `${(mapped / plain).toFixed(2)}x`,
    });
  } finally {
    await core.close();
    await database.drop();
  }
}

async function timeImport(admin: Caller, mapped: boolean): Promise<number> {
  const event = await admin.ok('events.create', eventInput({ maxAttendees: null }));
  let csv: string;
  const lines: string[] = [];
  if (mapped) {
    const [first] = await admin.ok('ticketTypes.list', { eventId: event.id });
    await admin.ok('ticketTypes.update', {
      id: first!.id,
      version: first!.version,
      name: TYPES[0]!,
      capacity: null,
    });
    for (const name of TYPES.slice(1)) {
      await admin.ok('ticketTypes.create', { eventId: event.id, name, capacity: null });
    }
    const question = {
      required: false,
      min: null,
      max: null,
      earliest: null,
      latest: null,
      ticketTypeIds: null,
      doorVisible: false,
    };
    await admin.ok('questions.create', {
      ...question,
      eventId: event.id,
      key: 'diet',
      label: 'Diet',
      kind: 'singleChoice',
      choices: ['none', 'vegetarian', 'vegan'],
    });
    await admin.ok('questions.create', {
      ...question,
      eventId: event.id,
      key: 'nights',
      label: 'Hotel nights',
      kind: 'number',
      choices: [],
      min: 0,
      max: 5,
    });
    lines.push('Name,Email,Ticket,Diet,Nights');
    for (let i = 0; i < ROWS; i++) {
      lines.push(
        `Guest ${i},guest${i}@example.org,${TYPES[i % 3]!.toLowerCase()},${DIETS[i % 3]},${i % 6}`,
      );
    }
  } else {
    for (let i = 0; i < ROWS; i++) lines.push(`Guest ${i},guest${i}@example.org`);
  }
  csv = lines.join('\n');
  lines.length = 0;
  const map = mapped
    ? {
        Name: 'name' as const,
        Email: 'email' as const,
        Ticket: 'ticketType' as const,
        Diet: 'question:diet' as const,
        Nights: 'question:nights' as const,
      }
    : undefined;
  const started = performance.now();
  const result = await admin.ok('registrations.import', {
    eventId: event.id,
    csv,
    ...(map && { map }),
  });
  const seconds = (performance.now() - started) / 1000;
  csv = '';
  if (result.registered !== ROWS || result.rejected.length > 0) {
    throw new Error(`imported ${JSON.stringify(result).slice(0, 300)}`);
  }
  return seconds;
}
