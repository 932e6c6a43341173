const integer = new Intl.NumberFormat();

/** 100000 → "100,000" in the desktop's locale. */
export const count = (n: number) => integer.format(n);

/** "1 attendee", "2 attendees". */
export const plural = (n: number, one: string, many = `${one}s`) =>
  `${count(n)} ${n === 1 ? one : many}`;
