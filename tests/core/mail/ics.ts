// A reader for the iCalendar content lines Usher writes (RFC 5545 §3.1): unfolds continuation
// lines, splits name, parameters and value, and collects each VEVENT's properties. Enough to
// check what a calendar app would see, not a general parser.

export interface IcsCalendar {
  properties: Record<string, string>;
  events: Record<string, string>[];
}

export function readIcs(text: string): IcsCalendar {
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split(/\r\n/)
    .filter(Boolean);
  const calendar: IcsCalendar = { properties: {}, events: [] };
  let current: Record<string, string> = calendar.properties;
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).split(';')[0]!.toUpperCase();
    const value = line
      .slice(colon + 1)
      .replace(/\\([,;\\])/g, '$1')
      .replace(/\\n/gi, '\n');
    if (name === 'BEGIN' && value === 'VEVENT') current = {};
    else if (name === 'END' && value === 'VEVENT') {
      calendar.events.push(current);
      current = calendar.properties;
    } else current[name] = value;
  }
  return calendar;
}
