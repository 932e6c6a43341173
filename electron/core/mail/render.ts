import type { MailPreview, MessageKind } from '@shared/contract/mail';
import { ticketKinds } from '@shared/contract/mail';
import { ticketIcs } from '../tickets/ics';
import { ticketPdf } from '../tickets/pdf';
import { pngSide, qrPng, qrSymbol, type QrSymbol } from '../tickets/qr';
import { formatStart, type Ticket } from '../tickets/ticket';
import { fillPlaceholders, type PlaceholderValues } from './templates';

/** Everything one message needs: who, about what, and the words to use. */
export interface MessageContext {
  kind: MessageKind;
  to: { name: string; address: string };
  subject: string;
  body: string;
  event: Omit<Ticket, 'code' | 'attendeeName'> | null;
  registration: { id: string; ticketCode: string; waitlistPosition: number | null } | null;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer | string;
  /** Set for the inline QR, which the HTML shows as `cid:`. */
  cid?: string;
}

export interface RenderedMessage extends Omit<MailPreview, 'attachments'> {
  attachments: MailAttachment[];
}

export const qrContentId = 'ticket-qr@usher';

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);

/** Header text stays one line: a name or title with a line break cannot start a header. */
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

function placeholderValues(context: MessageContext): PlaceholderValues {
  const { event, registration } = context;
  return {
    name: context.to.name,
    event: event?.eventTitle ?? '',
    start: event ? formatStart(event.startsAt, event.timeZone) : '',
    location: event?.location ?? '',
    code: registration?.ticketCode ?? '',
    position: registration?.waitlistPosition != null ? String(registration.waitlistPosition) : '',
  };
}

// Templates are plain text written by organizers: the HTML part is that text, escaped, in
// paragraphs, so neither a template nor an attendee's name can add markup or script.
function textToHtml(text: string, qr: QrSymbol | null): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
  const image = qr
    ? `\n<p><img src="cid:${qrContentId}" width="${pngSide(qr)}" height="${pngSide(qr)}" alt="Ticket ${escapeHtml(qr.code)}"></p>`
    : '';
  return `<!doctype html>\n<html><head><meta charset="utf-8"></head>\n<body style="font-family: sans-serif; line-height: 1.5">\n${paragraphs}${image}\n</body></html>\n`;
}

export function hasTicket(context: MessageContext): boolean {
  return (
    ticketKinds.includes(context.kind) && context.registration !== null && context.event !== null
  );
}

function render(context: MessageContext): { parts: MailPreview; symbol: QrSymbol | null } {
  const values = placeholderValues(context);
  const text = fillPlaceholders(context.body, values).replace(/\r\n?/g, '\n');
  const symbol = hasTicket(context) ? qrSymbol(context.registration!.ticketCode) : null;
  return {
    symbol,
    parts: {
      subject: oneLine(fillPlaceholders(context.subject, values)),
      text: text.endsWith('\n') ? text : text + '\n',
      html: textToHtml(text, symbol),
      attachments: symbol ? ['ticket-qr.png', 'ticket.pdf', 'event.ics'] : [],
    },
  };
}

/** The preview: the parts as sent, with the inline QR as a `data:` URL for the screen to draw. */
export async function renderPreview(context: MessageContext): Promise<MailPreview> {
  const { parts, symbol } = render(context);
  if (!symbol) return parts;
  const dataUrl = `data:image/png;base64,${qrPng(symbol).toString('base64')}`;
  return { ...parts, inlineImages: [{ cid: qrContentId, dataUrl }] };
}

/** The whole message as sent: the preview's parts plus the QR, the PDF ticket and the `.ics`. */
export async function renderMessage(context: MessageContext): Promise<RenderedMessage> {
  const { parts, symbol } = render(context);
  if (!symbol) return { ...parts, attachments: [] };
  const { registration, event } = context;
  const ticket: Ticket = {
    ...event!,
    code: registration!.ticketCode,
    attendeeName: context.to.name,
  };
  return {
    ...parts,
    attachments: [
      {
        filename: 'ticket-qr.png',
        contentType: 'image/png',
        content: qrPng(symbol),
        cid: qrContentId,
      },
      {
        filename: 'ticket.pdf',
        contentType: 'application/pdf',
        content: await ticketPdf(ticket, symbol),
      },
      {
        filename: 'event.ics',
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: ticketIcs(ticket, registration!.id),
      },
    ],
  };
}

export { oneLine };
