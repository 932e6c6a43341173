import type { AuditEntry } from '@shared/contract/audit';

// What each action reads as after the actor's name: "Ada Admin cancelled the registration of".
const verbs: Record<string, string> = {
  'auth.setup': 'set up Usher',
  'auth.login': 'signed in',
  'auth.login_failed': 'failed to sign in',
  'auth.logout': 'signed out',
  'auth.changePassword': 'changed their password',
  'users.create': 'added the staff account of',
  'users.update': 'changed the staff account of',
  'users.resetPassword': 'reset the password of',
  'events.create': 'created',
  'events.update': 'edited',
  'events.cancel': 'cancelled',
  'registrations.register': 'registered',
  'registrations.import': 'imported',
  'registrations.cancel': 'cancelled the registration of',
  'registrations.promote': 'moved in from the waitlist:',
  'checkins.upload': 'uploaded check-ins for',
  'exports.attendees': 'exported the attendees of',
  seed: 'filled the database with demo data',
};

// Sign-ins are about the person themselves: "Olga signed in", not "Olga signed in Olga".
const selfActions = new Set(['auth.setup', 'auth.login', 'auth.logout', 'auth.changePassword']);

/** A label for the filter list: "registrations.cancel" → "Registrations: cancel". */
export function actionLabel(action: string): string {
  const [domain, verb] = action.split('.');
  if (!verb) return domain![0]!.toUpperCase() + domain!.slice(1);
  const words = verb
    .replace(/_/g, ' ')
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase();
  return `${domain![0]!.toUpperCase()}${domain!.slice(1)}: ${words}`;
}

/** Who did it: the actor, or for a failed sign-in the address that was tried. */
export function who(entry: AuditEntry): string {
  if (entry.actor) return entry.actor.name;
  const tried = (entry.after as { email?: unknown } | null)?.email;
  return typeof tried === 'string' ? `Someone using ${tried}` : 'Usher';
}

/** What they did, and to what: "cancelled the registration of Rita Register". */
export function what(entry: AuditEntry): string {
  const verb = verbs[entry.action] ?? entry.action;
  if (selfActions.has(entry.action) || entry.action === 'seed') return verb;
  if (entry.action === 'auth.login_failed') return verb;
  return entry.entityLabel ? `${verb} ${entry.entityLabel}` : `${verb} a ${entry.entity}`;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const shown = (value: unknown) =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** The fields whose values differ between before and after (or all of after, for a creation). */
export function changes(entry: AuditEntry): FieldChange[] {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  if (typeof before !== 'object' || typeof after !== 'object') return [];
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields]
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: shown(before[field]), after: shown(after[field]) }));
}
