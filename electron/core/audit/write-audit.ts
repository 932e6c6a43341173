import type { Sql } from '../db/db';

/**
 * One audit row. `before` and `after` are the DTOs the app shows (RegistrationDto, EventDto,
 * UserDto, …), never raw table rows, so the same action reads the same whichever path made it.
 */
export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Written inside the mutation's own transaction: no change without its audit row. */
export async function writeAudit(sql: Sql, entry: AuditEntry): Promise<void> {
  await writeAudits(sql, [entry]);
}

/** Many rows in one statement, for batch paths (a registration rush, an import, promotions). */
export async function writeAudits(sql: Sql, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  await sql.run(
    `insert into audit_log (actor_id, action, entity, entity_id, before, after)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[])`,
    [
      entries.map((e) => e.actorId),
      entries.map((e) => e.action),
      entries.map((e) => e.entity),
      entries.map((e) => e.entityId ?? null),
      entries.map((e) => json(e.before)),
      entries.map((e) => json(e.after)),
    ],
  );
}
