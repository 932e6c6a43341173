import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Db } from '../../../electron/core/db/db';
import type { Caller } from '../../support/core';
import { onCleanup } from '../../support/cleanup';

/** A fresh folder for one test file's exports, removed after the file. */
export async function exportFolder(): Promise<{ dir: string; files(): Promise<string[]> }> {
  const dir = await mkdtemp(join(tmpdir(), 'usher-export-'));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return { dir, files: async () => (await readdir(dir)).sort() };
}

export async function userIdOf(caller: Caller): Promise<string> {
  return (await caller.ok('auth.session', {})).user!.id;
}

export async function insertEvent(db: Db, createdBy: string, timeZone = 'America/New_York') {
  const row = await db.one<{ id: string }>(
    `insert into events (title, starts_at, ends_at, time_zone, status, created_by)
     values ('Spring gala', '2025-04-01 22:00Z', '2025-04-02 03:00Z', $2, 'published', $1)
     returning id`,
    [createdBy, timeZone],
  );
  return row!.id;
}

export interface AttendeeSpec {
  name: string;
  email: string;
  status: 'registered' | 'waitlisted' | 'cancelled';
  /** UTC, e.g. '2025-03-01 12:00:00Z'. */
  registeredAt: string;
  checkIns?: { scannedAt: string; device: string; reverted?: boolean }[];
}

/** Inserted in order, so arrival order (seq) and waitlist positions follow the array. */
export async function insertAttendees(db: Db, eventId: string, specs: AttendeeSpec[]) {
  const tickets: string[] = [];
  for (const [i, spec] of specs.entries()) {
    const ticket = `T-${eventId.slice(0, 8)}-${i}`;
    const row = await db.one<{ id: string }>(
      `insert into event_registrations
         (event_id, attendee_name, attendee_email, ticket_code, status, created_at)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [eventId, spec.name, spec.email, ticket, spec.status, spec.registeredAt],
    );
    for (const checkIn of spec.checkIns ?? []) {
      await db.run(
        `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce, reverted_at)
         values ($1, $2, $3, $4, gen_random_uuid(), case when $5 then now() end)`,
        [row!.id, eventId, checkIn.scannedAt, checkIn.device, checkIn.reverted ?? false],
      );
    }
    tickets.push(ticket);
  }
  return tickets;
}

/** `count` plain attendees in one statement; every third one checked in. */
export async function insertBulk(db: Db, eventId: string, count: number): Promise<void> {
  await db.run(
    `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
     select $1::uuid, 'Attendee ' || n, 'a' || n || '@example.org', $1::text || '-' || n, 'registered'
     from generate_series(1, $2::int) n`,
    [eventId, count],
  );
  await db.run(
    `insert into check_ins (registration_id, event_id, scanned_at, device_id, nonce)
     select id, event_id, now(), 'door-1', gen_random_uuid()
     from event_registrations where event_id = $1 and seq % 3 = 0`,
    [eventId],
  );
}

/** Reads a CSV file back with exceljs's reader (fast-csv), every value kept as text. */
export async function readCsv(path: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  const sheet = await book.csv.readFile(path, { map: (value: string) => value });
  const rows: string[][] = [];
  const width = sheet.columnCount; // computed by a scan of every row: read it once
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= width; i++) cells.push(String(row.getCell(i).value ?? ''));
    rows.push(cells);
  });
  return rows;
}

export async function readXlsx(path: string): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book.worksheets[0]!;
}

export const lastAudit = (db: Db) =>
  db.one<{ actor_id: string; action: string; entity_id: string; after: Record<string, unknown> }>(
    "select actor_id, action, entity_id, after from audit_log where action = 'exports.attendees' order by id desc limit 1",
  );
