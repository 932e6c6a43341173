import { z } from 'zod';
import { defineChannel } from './define';
import { id } from './fields';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** In the order the app offers them; an export keeps the order the caller chose. */
export const exportColumns = [
  'name',
  'email',
  'ticketType',
  'ticketCode',
  'status',
  'registeredAt',
  'checkedInAt',
  'checkInDevice',
  'waitlistPosition',
] as const;
export type ExportColumn = (typeof exportColumns)[number];

/** Header text in the file and label in the app, so both always say the same. */
export const exportColumnLabels: Record<ExportColumn, string> = {
  name: 'Name',
  email: 'Email',
  ticketType: 'Ticket type',
  ticketCode: 'Ticket code',
  status: 'Status',
  registeredAt: 'Registered at',
  checkedInAt: 'Checked in at',
  checkInDevice: 'Check-in device',
  waitlistPosition: 'Waitlist position',
};

/**
 * Which attendees: everyone, one registration status, those with a check-in that was not
 * reverted, or no-shows (registered but never checked in).
 */
export const exportFilters = [
  'all',
  'registered',
  'waitlisted',
  'cancelled',
  'checkedIn',
  'noShow',
] as const;
export type ExportFilter = (typeof exportFilters)[number];

export type ExportResult =
  | { status: 'done'; rows: number; path: string; bytes: number }
  | { status: 'cancelled'; rowsDone: number };

const oneOf = (what: string, values: readonly string[]) =>
  `${what} must be one of: ${values.join(', ')}`;

export const exportsChannels = {
  // Organizers export their own events, admins any event. `path` is chosen by main's save dialog
  // or given to the CLI; the file appears there only once it is complete.
  'exports.attendees': defineChannel<ExportResult>()(
    'organizer',
    z.strictObject({
      /** Chosen by the caller so it can cancel before this call returns. */
      exportId: id,
      eventId: id,
      format: z.enum(exportFormats, { message: oneOf('Format', exportFormats) }),
      columns: z
        .array(z.enum(exportColumns, { message: oneOf('Column', exportColumns) }))
        .min(1, 'Choose at least one column')
        .refine((list) => new Set(list).size === list.length, 'Each column may appear once')
        .default([...exportColumns]),
      /** Questions whose answers become columns, after `columns`, headed by their labels. */
      answerColumns: z
        .array(id)
        .max(50, 'At most 50 answer columns')
        .refine((list) => new Set(list).size === list.length, 'Each question may appear once')
        .default([]),
      filter: z.enum(exportFilters, { message: oneOf('Filter', exportFilters) }).default('all'),
      path: z
        .string()
        .min(1, 'Choose where to save the file')
        .max(4096, 'The path is too long')
        .refine((p) => !p.includes('\0'), 'The path contains an invalid character')
        // File systems allow 255 bytes per name; a longer one failed deep in the export.
        .refine(
          (p) => new TextEncoder().encode(p.split(/[\\/]/).at(-1) ?? '').length <= 255,
          'The file name is too long (at most 255 bytes)',
        ),
      /** CSV only: a UTF-8 byte order mark, which Excel needs to read accents right. */
      bom: z.boolean().default(false),
    }),
  ),
  /** `cancelled` is false when the export had already ended (or was never this caller's). */
  'exports.cancel': defineChannel<{ cancelled: boolean }>()(
    'organizer',
    z.strictObject({ exportId: id }),
  ),
};
