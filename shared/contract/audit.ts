import { z } from 'zod';
import { defineChannel } from './define';
import { id, instant } from './fields';

/** One audit row as people read it: who did what to which thing, when, and what changed. */
export interface AuditEntry {
  /** Also the page cursor: rows come newest first, by id. */
  id: string;
  at: string;
  /** Null for the system (or a failed sign-in, which has no signed-in actor). */
  actor: { id: string; name: string; email: string } | null;
  /** `domain.verb`, e.g. "registrations.cancel", "auth.login_failed". */
  action: string;
  /** What kind of thing changed: "event", "registration", "user", ... */
  entity: string;
  entityId: string | null;
  /** A name for the thing (event title, attendee or staff name), when it still exists. */
  entityLabel: string | null;
  /** The event the row belongs to, if any (an event itself, or a registration's event). */
  event: { id: string; title: string } | null;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass back as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const action = z
  .string()
  .trim()
  .regex(/^[a-z][a-zA-Z_.]{0,59}$/, 'Not an action name');

export const auditChannels = {
  'audit.list': defineChannel<AuditPage>()(
    'admin',
    z
      .strictObject({
        eventId: id.optional(),
        /** Rows by this staff member, or about their account (e.g. failed sign-ins). */
        userId: id.optional(),
        actions: z.array(action).min(1).max(20).optional(),
        /** Rows at or after `from` and before `to`. */
        from: instant.optional(),
        to: instant.optional(),
        before: z
          .string()
          .regex(/^\d{1,19}$/, 'Not an audit cursor')
          // Audit ids are bigint: 19 digits can still be past 2^63 - 1 (it was INTERNAL).
          .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= 2n ** 63n - 1n, 'Not an audit cursor')
          .optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .refine((v) => !v.from || !v.to || Date.parse(v.to) > Date.parse(v.from), {
        message: 'The range must end after it starts',
        path: ['to'],
      }),
  ),
  /** The actions the log holds, for a filter list. */
  'audit.actions': defineChannel<string[]>()('admin', z.strictObject({})),
};
