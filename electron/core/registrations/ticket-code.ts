import { randomBytes } from 'node:crypto';
import { ticketCodeAlphabet } from '@shared/ticket-code';

export { ticketCodePattern } from '@shared/ticket-code';

const LENGTH = 26; // 26 x 5 bits = 130 bits of randomness

/** An unguessable ticket code: 130 random bits, 26 printable characters. */
export function newTicketCode(): string {
  const bytes = randomBytes(LENGTH);
  let code = '';
  // 256 is a multiple of 32, so masking keeps every character uniformly likely.
  for (const byte of bytes) code += ticketCodeAlphabet[byte & 31];
  return code;
}

/** `count` ticket codes from one draw of random bytes: an import's batch without a call per row. */
export function newTicketCodes(count: number): string[] {
  const bytes = randomBytes(LENGTH * count);
  const codes = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    let code = '';
    for (let j = i * LENGTH; j < (i + 1) * LENGTH; j++) code += ticketCodeAlphabet[bytes[j]! & 31];
    codes[i] = code;
  }
  return codes;
}
