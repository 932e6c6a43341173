// Ticket codes are Crockford's base32: digits and capitals without I, L, O and U, so a code read
// aloud, typed from paper or sent by a scanner with Caps Lock on is still unambiguous. Every
// character is in the QR alphanumeric set, which keeps the printed codes small.
// https://www.crockford.com/base32.html

export const ticketCodeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A code as this app mints them (electron/core/registrations/ticket-code.ts): 26 characters. */
export const ticketCodePattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Characters people and scanners send for the ones in the alphabet, by Crockford's rules. */
const lookAlikes: Record<string, string> = { O: '0', I: '1', L: '1' };

/**
 * The code as it is stored, from any way of writing it: upper case, without the hyphens and
 * spaces that group it for reading (the ticket shows groups of four), and with O read as 0 and
 * I or L as 1. Every place that reads a code (scan, search, upload) goes through this, so a code
 * that one of them admits is admitted by all. U is not in the alphabet and stays as it is, so a
 * code containing it matches nothing.
 */
export function normalizeTicketCode(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/[OIL]/g, (letter) => lookAlikes[letter]!);
}

/**
 * How a ticket's QR code is drawn, on screen and on paper. Level Q (25 % of the code can be lost)
 * costs nothing at these lengths: a 26-character code fits version 2 (25 x 25 modules) at Q as at
 * M. The quiet zone is the 4 modules ISO/IEC 18004 asks for; scanners find codes with less less
 * reliably, especially on a busy phone screen.
 */
export const ticketQr = {
  errorCorrectionLevel: 'Q',
  quietZoneModules: 4,
} as const;
