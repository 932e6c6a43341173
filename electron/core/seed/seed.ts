import { randomBytes } from 'node:crypto';
import type { Role } from '@shared/domain';
import type { Core } from '../index';
import type { CallContext } from '../handlers';
import { AppError } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { newTicketCode } from '../registrations/ticket-code';
import type { Sql } from '../db/db';
import {
  categories,
  eventTopics,
  firstNames,
  lastNames,
  pick,
  seededRandom,
  venues,
} from './seed-data';

export interface SeedCounts {
  events: number;
  attendees: number;
  staff: number;
}

export interface SeedOptions {
  /** Add demo data to a database that already holds events or staff. */
  allowExisting?: boolean;
}

const DAY = 86_400_000;
const CHUNK = 5_000;

/**
 * Realistic demo data in bulk: staff through the channels (validated, audited), events and
 * attendees with set-based inserts, counters recomputed from the rows they count, then announced
 * like any write (listing caches refreshed, every desktop told). Each staff account gets a
 * password of its own, generated here and returned once; none is ever published. A database that
 * already holds events or staff is refused unless `allowExisting`.
 */
export async function seedDemoData(
  core: Core,
  credentials: { email: string; password: string },
  counts: SeedCounts,
  options: SeedOptions = {},
) {
  const ctx: CallContext = { token: null };
  const session = await core.call('auth.session', {}, ctx);
  const firstRun = session.ok && session.value.needsSetup;
  const signIn = firstRun
    ? await core.call('auth.setup', { ...credentials, fullName: 'Usher Admin' }, ctx)
    : await core.call('auth.login', { ...credentials }, ctx);
  if (!signIn.ok) throw new AppError(signIn.error.code, `Sign-in failed: ${signIn.error.message}`);
  try {
    const admin = signIn.value.user;
    if (admin.role !== 'admin') throw new AppError('FORBIDDEN', 'Seeding needs an admin account');
    if (!options.allowExisting) await refuseExistingData(core.db);
    return await seed(core, ctx, admin.id, counts);
  } finally {
    await core.call('auth.logout', {}, ctx);
  }
}

async function refuseExistingData(db: Core['db']): Promise<void> {
  const [held] = await db.many<{ events: number; staff: number }>(
    `select (select count(*) from events)::int as events, (select count(*) from users)::int as staff`,
  );
  // The admin seeding counts for one account: a database just set up is still empty.
  if (held && (held.events > 0 || held.staff > 1)) {
    throw new AppError(
      'CONFLICT',
      `This database already holds ${held.events} events and ${held.staff} staff accounts; usher seed adds demo data only to an empty one. Add --allow-existing to add it anyway.`,
    );
  }
}

async function seed(core: Core, ctx: CallContext, adminId: string, counts: SeedCounts) {
  const random = seededRandom(Date.now());
  const staffRoles: Role[] = ['organizer', 'door', 'door'];
  const staff: { email: string; role: Role; password: string }[] = [];
  for (let i = 0; i < counts.staff; i++) {
    const first = pick(random, firstNames);
    const account = {
      email: `${first
        .normalize('NFD')
        .replace(/[^a-zA-Z]/g, '')
        .toLowerCase()}.${Date.now().toString(36)}${i}@demo.usher.app`,
      role: staffRoles[i % staffRoles.length]!,
      password: randomBytes(15).toString('base64url'),
    };
    const result = await core.call(
      'users.create',
      { ...account, fullName: `${first} ${pick(random, lastNames)}` },
      ctx,
    );
    if (result.ok) staff.push(account);
  }

  const eventIds = await core.db.tx(async (sql) => {
    const ids = await insertEvents(sql, counts.events, adminId, random);
    await insertAttendees(sql, ids, counts.attendees, random);
    await recountEvents(sql, ids);
    await writeAudit(sql, { actorId: adminId, action: 'seed', entity: 'database', after: counts });
    return ids;
  });
  // After the commit, as every write does: listings show the new rows on the next read.
  for (const topic of ['events.changed', 'registrations.changed', 'checkins.changed'] as const)
    await core.publishChange({ topic, payload: { allEvents: true } });
  return { ...counts, staffCreated: staff.length, eventIds: eventIds.length, staff };
}

async function insertEvents(sql: Sql, count: number, creator: string, random: () => number) {
  const rows = Array.from({ length: count }, (_, i) => {
    const venue = pick(random, venues);
    const start = Date.now() + Math.round((random() * 240 - 60) * DAY);
    const startsAt = new Date(start - (start % (30 * 60_000)));
    const endsAt = new Date(startsAt.getTime() + (2 + Math.floor(random() * 8)) * 3_600_000);
    const status = random() < 0.8 ? 'published' : random() < 0.5 ? 'draft' : 'cancelled';
    return [
      `${pick(random, eventTopics)} #${i + 1}`,
      `A demo event at ${venue.location}. Doors open 30 minutes before the start.`,
      venue.location,
      startsAt.toISOString(),
      endsAt.toISOString(),
      venue.timeZone,
      pick(random, categories),
      random() < 0.15 ? null : 20 + Math.floor(random() * 480),
      status,
    ];
  });
  const columns =
    rows[0]?.map((_, c) => rows.map((row) => row[c])) ?? Array.from({ length: 9 }, () => []);
  const inserted = await sql.many<{ id: string }>(
    `insert into events (title, description, location, starts_at, ends_at, time_zone, category,
                         max_attendees, status, created_by)
     select t.*, $10::uuid from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[],
       $5::timestamptz[], $6::text[], $7::text[], $8::int[], $9::text[]) as t
     returning id`,
    [...columns, creator],
  );
  return inserted.map((row) => row.id);
}

async function insertAttendees(sql: Sql, eventIds: string[], count: number, random: () => number) {
  if (eventIds.length === 0) return;
  for (let done = 0; done < count; done += CHUNK) {
    const size = Math.min(CHUNK, count - done);
    const events: string[] = [];
    const names: string[] = [];
    const emails: string[] = [];
    const codes: string[] = [];
    for (let i = 0; i < size; i++) {
      const first = pick(random, firstNames);
      const last = pick(random, lastNames);
      const local = `${first}.${last}`
        .normalize('NFD')
        .replace(/[^a-zA-Z.]/g, '')
        .toLowerCase();
      events.push(pick(random, eventIds));
      names.push(`${first} ${last}`);
      emails.push(`${local}.${done + i}@example.org`);
      codes.push(newTicketCode());
    }
    // Arrival order decides: the first max_attendees are registered, the rest waitlisted.
    await sql.run(
      `insert into event_registrations (event_id, attendee_name, attendee_email, ticket_code, status)
       select t.event_id, t.name, t.email, t.code, 'waitlisted'
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) as t(event_id, name, email, code)`,
      [events, names, emails, codes],
    );
  }
  await sql.run(
    `update event_registrations r set status = 'registered'
       from (select r2.id, row_number() over (partition by r2.event_id order by r2.seq) as n,
                    e.max_attendees
               from event_registrations r2 join events e on e.id = r2.event_id
              where r2.event_id = any($1::uuid[])) ranked
      where r.id = ranked.id and (ranked.max_attendees is null or ranked.n <= ranked.max_attendees)`,
    [eventIds],
  );
  // Some registered people cancel; past events got their doors scanned.
  await sql.run(
    `update event_registrations set status = 'cancelled', cancelled_at = now()
      where event_id = any($1::uuid[]) and status = 'registered' and random() < 0.04`,
    [eventIds],
  );
  await sql.run(
    `insert into check_ins (registration_id, event_id, scanned_at, received_at, device_id, nonce)
     select r.id, r.event_id, e.starts_at + random() * interval '90 minutes',
            e.starts_at + interval '2 hours', 'seed-door-' || (1 + floor(random() * 3))::int, gen_random_uuid()
       from event_registrations r join events e on e.id = r.event_id
      where r.event_id = any($1::uuid[]) and r.status = 'registered'
        and e.starts_at < now() and random() < 0.8`,
    [eventIds],
  );
}

/** The stored counters, derived from the rows: the same rule registrations keep live. */
export async function recountEvents(sql: Sql, eventIds: string[]) {
  await sql.run(
    `update events e set
       registered_count = (select count(*) from event_registrations r
                            where r.event_id = e.id and r.status = 'registered'),
       waitlisted_count = (select count(*) from event_registrations r
                            where r.event_id = e.id and r.status = 'waitlisted'),
       checked_in_count = (select count(distinct c.registration_id) from check_ins c
                            where c.event_id = e.id and c.reverted_at is null)
     where e.id = any($1::uuid[])`,
    [eventIds],
  );
}
