import type { Sql } from './db/db';

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
  await sql.run(
    `insert into audit_log (actor_id, action, entity, entity_id, before, after)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      entry.actorId,
      entry.action,
      entry.entity,
      entry.entityId ?? null,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}
