const integer = new Intl.NumberFormat();

/** 100000 → "100,000" in the desktop's locale. */
export const count = (n: number) => integer.format(n);

/** "1 attendee", "2 attendees". */
export const plural = (n: number, one: string, many = `${one}s`) =>
  `${count(n)} ${n === 1 ? one : many}`;

/**
 * People inside as the door knows it: "412–418" while stations still hold moves they have not
 * sent (up to their entries more, up to their exits fewer), else one number.
 */
export function insideText(inside: number, pending: { entries: number; exits: number }): string {
  if (pending.entries === 0 && pending.exits === 0) return count(inside);
  return `${count(Math.max(0, inside - pending.exits))}–${count(inside + pending.entries)}`;
}
