import { randomBytes } from 'node:crypto';
import { ticketCodeAlphabet } from '@shared/ticket-code';

const LENGTH = 26; // 26 x 5 bits = 130 bits of randomness

/** An unguessable ticket code: 130 random bits, 26 printable characters. */
export function newTicketCode(): string {
  const bytes = randomBytes(LENGTH);
  let code = '';
  // 256 is a multiple of 32, so masking keeps every character uniformly likely.
  for (const byte of bytes) code += ticketCodeAlphabet[byte & 31];
  return code;
}

export const ticketCodePattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;
