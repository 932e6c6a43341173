import { createCore } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { questionInput } from '../core/questions/fixtures';
import { adminInput, makeCaller, type Caller } from '../support/callers';
import { eventInput } from '../support/events';
import { createTestDatabase } from '../support/postgres';
import { measure, report } from './stats';

// An import of mapped rows (name, email, one of three ticket types by name, two answers) against
// the same number of plain name,email rows into a single-type event without questions, in the
// same run: resolving the type, reading and checking the answers and storing them is the
// difference. For each size: time and peak RSS growth of both, so a path whose memory follows
// the file shows at once. `IMPORT_MAPPED_SIZES=20000,100000` runs other sizes. Run node with
// --expose-gc (NODE_OPTIONS) for baselines taken after a full collection.

const SIZES = (process.env.IMPORT_MAPPED_SIZES ?? '20000,100000,1000000').split(',').map(Number);
const TYPES = ['Standard', 'VIP', 'Student'];
const DIETS = ['none', 'Vegetarian', 'vegan'];

const MAP = {
  Name: 'name',
  Email: 'email',
  Ticket: 'ticketType',
  Diet: 'question:diet',
  Nights: 'question:nights',
} as const;

interface Figure {
  seconds: number;
  mb: number;
  heapMb: number;
}

export async function run() {
  const database = await createTestDatabase('bench_import_mapped');
  const core = await createCore({ databaseUrl: database.url, log: silentLogger });
  const figures = new Map<number, { plain: Figure; mapped: Figure }>();
  try {
    const admin = makeCaller(core);
    await admin.ok('auth.setup', adminInput);
    for (const rows of SIZES) {
      const plain = await timeImport(admin, rows, false);
      const mapped = await timeImport(admin, rows, true);
      figures.set(rows, { plain, mapped });
      const rate = (figure: Figure) => Math.round(rows / figure.seconds).toLocaleString('en');
      const shown = (figure: Figure) =>
        `${figure.seconds.toFixed(1)} s (${rate(figure)} rows/s), peak RSS +${figure.mb.toFixed(0)} MB, heap +${figure.heapMb.toFixed(0)} MB`;
      report(`Import of ${rows.toLocaleString('en')} rows`, {
        'plain name,email': shown(plain),
        'mapped: type + 2 answers': shown(mapped),
        'mapped time / plain time': `${(mapped.seconds / plain.seconds).toFixed(2)}x`,
      });
    }
    const [smallest, largest] = [SIZES[0]!, SIZES[SIZES.length - 1]!];
    if (largest > smallest) {
      const [small, large] = [figures.get(smallest)!, figures.get(largest)!];
      const ratio = (key: 'plain' | 'mapped') =>
        `time ${(large[key].seconds / small[key].seconds).toFixed(1)}x, ` +
        `peak RSS growth ${small[key].mb.toFixed(0)} → ${large[key].mb.toFixed(0)} MB, ` +
        `heap ${small[key].heapMb.toFixed(0)} → ${large[key].heapMb.toFixed(0)} MB`;
      report(
        `Import growth from ${smallest.toLocaleString('en')} to ${largest.toLocaleString('en')} rows (${(largest / smallest).toFixed(0)}x)`,
        {
          plain: ratio('plain'),
          mapped: ratio('mapped'),
        },
      );
    }
  } finally {
    await core.close();
    await database.drop();
  }
}

async function mappedEvent(admin: Caller): Promise<string> {
  const event = await admin.ok('events.create', eventInput({ maxAttendees: null }));
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
  await admin.ok(
    'questions.create',
    questionInput(event.id, {
      key: 'diet',
      label: 'Diet',
      kind: 'singleChoice',
      choices: ['none', 'vegetarian', 'vegan'],
    }),
  );
  await admin.ok(
    'questions.create',
    questionInput(event.id, {
      key: 'nights',
      label: 'Hotel nights',
      kind: 'number',
      min: 0,
      max: 5,
    }),
  );
  return event.id;
}

/**
 * The file, written line by line into one buffer and decoded once: building it leaves no pages
 * of garbage in the heap that the import would then fill without growing RSS (which would hide
 * its growth, more so the bigger the file).
 */
function csvOf(rows: number, mapped: boolean): string {
  const file = Buffer.allocUnsafe(rows * 80 + 64);
  let used = file.write(mapped ? 'Name,Email,Ticket,Diet,Nights\n' : '');
  for (let i = 0; i < rows; i++) {
    const line = mapped
      ? `Guest ${i},guest${i}@example.org,${TYPES[i % 3]!.toLowerCase()},${DIETS[i % 3]},${i % 6}\n`
      : `Guest ${i},guest${i}@example.org\n`;
    used += file.write(line, used, 'latin1');
  }
  return file.toString('latin1', 0, used);
}

async function timeImport(admin: Caller, rows: number, mapped: boolean): Promise<Figure> {
  const eventId = mapped
    ? await mappedEvent(admin)
    : (await admin.ok('events.create', eventInput({ maxAttendees: null }))).id;
  const csv = csvOf(rows, mapped);
  const { value, seconds, mb, heapMb } = await measure(() =>
    admin.ok('registrations.import', { eventId, csv, ...(mapped && { map: MAP }) }),
  );
  if (value.registered !== rows || value.rejected.length > 0) {
    throw new Error(`imported ${JSON.stringify(value).slice(0, 300)}`);
  }
  return { seconds, mb, heapMb };
}
