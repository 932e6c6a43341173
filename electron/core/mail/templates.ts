import {
  placeholders,
  type Placeholder,
  type TemplateDto,
  type TemplateKind,
} from '@shared/contract/mail';
import type { Sql } from '../db/db';

interface DefaultTemplate {
  subject: string;
  body: string;
  auto: boolean;
  remindMinutes: number | null;
}

// Plain words that work for any event; organizers change them per event.
export const defaultTemplates: Record<TemplateKind, DefaultTemplate> = {
  confirmation: {
    subject: 'Your ticket for {{event}}',
    body: 'Hello {{name}},\n\nyou are registered for {{event}} on {{start}} at {{location}}.\n\nShow the QR code below (or the attached PDF) at the door. Your ticket code is {{code}}.\n\nSee you there!',
    auto: true,
    remindMinutes: null,
  },
  waitlisted: {
    subject: 'You are on the waitlist for {{event}}',
    body: 'Hello {{name}},\n\n{{event}} is full for now. You are number {{position}} on the waitlist; we will email your ticket as soon as a seat frees up.',
    auto: true,
    remindMinutes: null,
  },
  promoted: {
    subject: 'A seat freed up: your ticket for {{event}}',
    body: 'Hello {{name}},\n\ngood news: a seat freed up and you are now registered for {{event}} on {{start}} at {{location}}.\n\nShow the QR code below (or the attached PDF) at the door. Your ticket code is {{code}}.',
    auto: true,
    remindMinutes: null,
  },
  cancelled: {
    subject: 'Your registration for {{event}} is cancelled',
    body: 'Hello {{name}},\n\nyour registration for {{event}} on {{start}} has been cancelled. Ticket {{code}} is no longer valid.',
    auto: true,
    remindMinutes: null,
  },
  eventChanged: {
    subject: '{{event}} has changed',
    body: 'Hello {{name}},\n\n{{event}} has changed. It now takes place on {{start}} at {{location}}.\n\nYour ticket {{code}} stays valid.',
    auto: true,
    remindMinutes: null,
  },
  eventCancelled: {
    subject: '{{event}} is cancelled',
    body: 'Hello {{name}},\n\nwe are sorry: {{event}}, planned for {{start}}, is cancelled.',
    auto: true,
    remindMinutes: null,
  },
  reminder: {
    subject: 'Reminder: {{event}} starts {{start}}',
    body: 'Hello {{name}},\n\na reminder that {{event}} starts on {{start}} at {{location}}.\n\nYour ticket code is {{code}}; the QR code is in your confirmation email.',
    auto: false,
    remindMinutes: 24 * 60,
  },
};

/** The event's template of that kind: its own if the organizer wrote one, Usher's otherwise. */
export async function readTemplate(
  sql: Sql,
  eventId: string,
  kind: TemplateKind,
): Promise<TemplateDto> {
  const saved = await sql.one<Omit<TemplateDto, 'kind' | 'customised'>>(
    `select subject, body, auto, remind_minutes as "remindMinutes"
       from mail_templates where event_id = $1 and kind = $2`,
    [eventId, kind],
  );
  return saved
    ? { kind, ...saved, customised: true }
    : { kind, ...defaultTemplates[kind], customised: false };
}

export async function listTemplates(sql: Sql, eventId: string): Promise<TemplateDto[]> {
  const saved = await sql.many<Omit<TemplateDto, 'customised'>>(
    `select kind, subject, body, auto, remind_minutes as "remindMinutes"
       from mail_templates where event_id = $1`,
    [eventId],
  );
  const byKind = new Map(saved.map((t) => [t.kind, t]));
  return (Object.keys(defaultTemplates) as TemplateKind[]).map((kind) => {
    const own = byKind.get(kind);
    return own
      ? { ...own, customised: true }
      : { kind, ...defaultTemplates[kind], customised: false };
  });
}

const placeholderPattern = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The placeholders a text names that Usher does not know, so a typo is caught on save. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(placeholders);
  return [...text.matchAll(placeholderPattern)]
    .map((match) => match[1]!)
    .filter((name) => !known.has(name));
}

export type PlaceholderValues = Record<Placeholder, string>;

/** Fills `{{placeholders}}`; `escape` is applied to each value (HTML), never to the template. */
export function fillPlaceholders(
  text: string,
  values: PlaceholderValues,
  escape: (value: string) => string = (value) => value,
): string {
  return text.replace(placeholderPattern, (whole, name: string) =>
    name in values ? escape(values[name as Placeholder]) : whole,
  );
}
