import type { ImportResult } from '@shared/contract/registrations';
import type { UserDto } from '@shared/domain';
import type { Db, Sql } from '../db/db';
import { AppError, notFound } from '../errors';
import { assertManages } from '../events/event-sql';
import { newTicketCode } from './ticket-code';
import { lockEventCounts } from './capacity';
import { readCsv } from './csv';
import { activeEmails, insertInArrivalOrder, type LockedEvent } from './insert-in-order';
import { checkRecord, isHeader, type ImportRow, type Rejection } from './import-rows';

// Rows per round trip: each batch is a few statements well inside the pool's statement limit,
// and memory holds one batch of rows whatever the size of the file.
const batchSize = 5000;

export interface ImportProgress {
  /** Lines read so far (accepted or not). */
  lines: number;
}

/**
 * Streams the file into the event in one transaction under the event lock: seats first, in file
 * order, then the waitlist. Each bad line is refused with its line and reason; rows for people
 * already registered, or already on an earlier line, too. Anything fatal (a broken file, a lost
 * connection) rolls the whole import back: nothing is half-imported.
 */
export async function importCsv(
  db: Db,
  eventId: string,
  csv: string,
  user: UserDto,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ImportResult> {
  return db.eventTx([eventId], async (sql) => {
    const event = await lockEventCounts(sql, eventId);
    if (!event) throw notFound('That event');
    assertManages(user, event);
    if (event.status === 'cancelled') throw new AppError('CONFLICT', 'This event is cancelled');
    // Emails seen earlier in this file, kept by the server rather than in memory: a million
    // addresses would cost this process about 100 MB.
    await sql.run(
      'create temp table import_seen (email text primary key, line int not null) on commit drop',
    );
    const batches = new ImportBatches(sql, event, user.id);
    let lines = 0;
    let pending: ImportRow[] = [];
    for await (const record of readCsv(csv)) {
      lines = record.line;
      if (isHeader(record)) continue;
      const checked = checkRecord(record);
      if (!checked) continue;
      if ('reason' in checked) batches.rejected.push(checked);
      else pending.push(checked);
      if (pending.length === batchSize) {
        await batches.insert(pending);
        pending = [];
        onProgress({ lines });
      }
    }
    await batches.insert(pending);
    onProgress({ lines });
    batches.rejected.sort((a, b) => a.line - b.line);
    return {
      registered: batches.registered,
      waitlisted: batches.waitlisted,
      rejected: batches.rejected,
    };
  });
}

/** Inserts batches of checked rows in file order, keeping the event's counters between them. */
class ImportBatches {
  readonly rejected: Rejection[] = [];
  registered = 0;
  waitlisted = 0;

  constructor(
    private readonly sql: Sql,
    private event: LockedEvent,
    private readonly actorId: string,
  ) {}

  async insert(rows: ImportRow[]): Promise<void> {
    if (rows.length === 0) return;
    const fresh = await this.firstOccurrences(rows);
    const taken = await activeEmails(
      this.sql,
      this.event.id,
      fresh.map((row) => row.email),
    );
    const accepted = fresh.filter((row) => {
      if (!taken.has(row.email.toLowerCase())) return true;
      this.rejected.push({
        line: row.line,
        reason: `${row.email} is already registered for this event`,
      });
      return false;
    });
    const inserted = await insertInArrivalOrder(
      this.sql,
      this.event,
      accepted.map((row) => ({ ...row, ticketCode: newTicketCode(), actorId: this.actorId })),
      'registrations.import',
    );
    const registered = inserted.filter((r) => r.status === 'registered').length;
    this.registered += registered;
    this.waitlisted += inserted.length - registered;
    this.event = {
      ...this.event,
      registeredCount: this.event.registeredCount + registered,
      waitlistedCount: this.event.waitlistedCount + inserted.length - registered,
    };
  }

  /** The rows whose email no earlier line of the file had; the others are rejected. */
  private async firstOccurrences(rows: ImportRow[]): Promise<ImportRow[]> {
    const claimed = await this.sql.many<{ line: number }>(
      `insert into import_seen (email, line)
       select * from unnest($1::text[], $2::int[])
       on conflict (email) do nothing
       returning line`,
      [rows.map((row) => row.email.toLowerCase()), rows.map((row) => row.line)],
    );
    const fresh = new Set(claimed.map((row) => row.line));
    const repeats = rows.filter((row) => !fresh.has(row.line));
    if (repeats.length > 0) {
      const first = await this.sql.many<{ email: string; line: number }>(
        'select email, line from import_seen where email = any($1::text[])',
        [repeats.map((row) => row.email.toLowerCase())],
      );
      const firstLine = new Map(first.map((row) => [row.email, row.line]));
      for (const row of repeats) {
        const line = firstLine.get(row.email.toLowerCase());
        this.rejected.push({ line: row.line, reason: `${row.email} is already on line ${line}` });
      }
    }
    return rows.filter((row) => fresh.has(row.line));
  }
}
