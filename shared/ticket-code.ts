// Ticket codes are Crockford's base32: digits and capitals without I, L, O and U, so a code read
// aloud, typed from paper or sent by a scanner with Caps Lock on is still unambiguous. Every
// character is in the QR alphanumeric set, which keeps the printed codes small.
// https://www.crockford.com/base32.html

export const ticketCodeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

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
