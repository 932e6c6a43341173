import { z } from 'zod';
import { defineChannel } from './define';
import { email, id, personName } from './fields';

/** Every kind of message Usher sends an attendee; `group` and `test` have no template. */
export const templateKinds = [
  'confirmation',
  'waitlisted',
  'promoted',
  'cancelled',
  'eventChanged',
  'eventCancelled',
  'reminder',
] as const;
export type TemplateKind = (typeof templateKinds)[number];
export type MessageKind = TemplateKind | 'group' | 'test';

/** The kinds that carry the ticket: QR inline, PDF and `.ics` attached. */
export const ticketKinds: readonly MessageKind[] = ['confirmation', 'promoted'];

/** Placeholders a subject or body may use, written `{{name}}`. */
export const placeholders = ['name', 'event', 'start', 'location', 'code', 'position'] as const;
export type Placeholder = (typeof placeholders)[number];

/** Whom a group message (or a count) reaches; cancelled attendees never get one. */
export const recipientFilters = ['registered', 'waitlisted', 'checkedIn', 'noShow'] as const;
export type RecipientFilter = (typeof recipientFilters)[number];

export const tlsModes = ['none', 'starttls', 'tls'] as const;
export type TlsMode = (typeof tlsModes)[number];

export interface MailSettingsDto {
  host: string;
  port: number;
  tls: TlsMode;
  username: string;
  fromName: string;
  fromAddress: string;
  perMinute: number;
  /** Whether this desktop's keychain holds the SMTP password (it never leaves the keychain). */
  passwordSaved: boolean;
}

export interface TemplateDto {
  kind: TemplateKind;
  subject: string;
  body: string;
  /** Goes out by itself when its cause happens (or, for reminders, when the time comes). */
  auto: boolean;
  /** Reminders: minutes before the start. */
  remindMinutes: number | null;
  /** False while the event uses Usher's default. */
  customised: boolean;
}

export type MessageState = 'queued' | 'sending' | 'sent' | 'failed';

export interface MessageDto {
  id: string;
  kind: MessageKind;
  toAddress: string;
  status: MessageState;
  attempts: number;
  /** The server's words for the last failure. */
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** What the attendee receives, exactly: the worker sends what this renders. */
export interface MailPreview {
  subject: string;
  text: string;
  html: string;
  attachments: string[];
  /**
   * The images the HTML shows inline (`src="cid:…"`, the ticket's QR) as `data:` URLs, so a
   * preview can draw them; what is sent carries them as MIME parts instead.
   */
  inlineImages?: { cid: string; dataUrl: string }[];
}

const oneOf = (what: string, values: readonly string[]) =>
  `${what} must be one of: ${values.join(', ')}`;

// Subjects are one header line: a line break there could start a header of its own.
const subject = z
  .string()
  .trim()
  .min(1, 'Write a subject')
  .max(300, 'The subject is at most 300 characters')
  .refine((s) => !/[\r\n]/.test(s), 'The subject must be one line');
const body = z
  .string()
  .min(1, 'Write the message')
  .max(50_000, 'The message is at most 50,000 characters');
const kind = z.enum(templateKinds, { message: oneOf('Message', templateKinds) });
export const recipientFilter = z.enum(recipientFilters, {
  message: oneOf('Recipients', recipientFilters),
});
const filter = recipientFilter;
const hostName = z
  .string()
  .trim()
  .min(1, 'Enter the SMTP server')
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'Enter a host name or address');

export const mailChannels = {
  /** null until an admin has saved the SMTP account. */
  'mail.getSettings': defineChannel<MailSettingsDto | null>()('admin', z.strictObject({})),
  'mail.saveSettings': defineChannel<MailSettingsDto>()(
    'admin',
    z.strictObject({
      host: hostName,
      port: z.number().int().min(1).max(65535, 'The port is a number from 1 to 65535'),
      tls: z.enum(tlsModes, { message: oneOf('TLS', tlsModes) }),
      username: z.string().trim().max(254).default(''),
      /** Kept in this desktop's keychain; omitted: keep the saved one; '': remove it. */
      password: z.string().max(1000).optional(),
      fromName: personName,
      fromAddress: email,
      perMinute: z.number().int().min(1).max(100_000).default(60),
    }),
  ),
  /** Sends a test message now (not through the outbox), returning the server's answer. */
  'mail.testSettings': defineChannel<{ accepted: boolean; response: string }>()(
    'admin',
    z.strictObject({ to: email }),
  ),
  'mail.templates': defineChannel<TemplateDto[]>()('organizer', z.strictObject({ eventId: id })),
  'mail.saveTemplate': defineChannel<TemplateDto>()(
    'organizer',
    z.strictObject({
      eventId: id,
      kind,
      subject,
      body,
      auto: z.boolean(),
      remindMinutes: z.number().int().min(5).max(43_200).nullable().default(null),
    }),
  ),
  /** Renders a template (saved or being edited) for one attendee, or a sample one. */
  'mail.preview': defineChannel<MailPreview>()(
    'organizer',
    z.strictObject({
      eventId: id,
      kind: z.enum([...templateKinds, 'group'], { message: 'Unknown message' }),
      subject: subject.optional(),
      body: body.optional(),
      registrationId: id.optional(),
    }),
  ),
  'mail.messages': defineChannel<MessageDto[]>()(
    'organizer',
    z.strictObject({ registrationId: id }),
  ),
  /** Queues the message again for its attendee (a new message, with its own Message-ID). */
  'mail.resend': defineChannel<MessageDto>()('organizer', z.strictObject({ messageId: id })),
  /** Queues the ticket for every registered attendee who has none sent or queued yet. */
  'mail.sendTickets': defineChannel<{ queued: number }>()(
    'organizer',
    z.strictObject({ eventId: id }),
  ),
  'mail.countGroup': defineChannel<{ count: number }>()(
    'organizer',
    z.strictObject({ eventId: id, filter }),
  ),
  'mail.sendGroup': defineChannel<{ queued: number }>()(
    'organizer',
    z.strictObject({ eventId: id, filter, subject, body }),
  ),
  /** A PDF with one attendee's ticket, written to `path` (chosen by the save dialog or the CLI). */
  'tickets.pdf': defineChannel<{ path: string; tickets: number; bytes: number }>()(
    'organizer',
    z.strictObject({ registrationId: id, path: z.string().min(1).max(4096) }),
  ),
  /** Several tickets per A4 page with cut marks, for an event's attendees (or a filter of them). */
  'tickets.batch': defineChannel<{ path: string; tickets: number; bytes: number }>()(
    'organizer',
    z.strictObject({
      eventId: id,
      filter: filter.default('registered'),
      path: z.string().min(1).max(4096),
    }),
  ),
};
