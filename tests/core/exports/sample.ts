import type { AttendeeSpec } from './fixtures';

export const timeZone = 'America/New_York';

// Names and emails that break naive writers: quotes, commas, line breaks, emoji, right-to-left
// script, and text that a spreadsheet would run as a formula.
export const sample: AttendeeSpec[] = [
  {
    name: 'Zoë "Zed" O\'Neil, Jr.',
    email: 'zoe@example.org',
    status: 'registered',
    registeredAt: '2025-03-01 12:00:00Z', // 07:00 in New York (winter time)
    checkIns: [{ scannedAt: '2025-04-01 23:30:00Z', device: 'door-1' }], // 19:30 (summer time)
  },
  {
    name: '=HYPERLINK("http://evil.test","click")',
    email: 'eq@example.org',
    status: 'registered',
    registeredAt: '2025-03-02 12:00:00Z',
  },
  {
    name: 'Line\nbreak',
    email: 'nl@example.org',
    status: 'waitlisted',
    registeredAt: '2025-03-03 12:00:00Z',
  },
  {
    name: 'Cancelled Carl',
    email: 'carl@example.org',
    status: 'cancelled',
    registeredAt: '2025-03-03 13:00:00Z',
  },
  {
    name: 'עדי כהן',
    email: 'adi@example.org',
    status: 'waitlisted',
    registeredAt: '2025-03-04 12:00:00Z',
  },
  {
    name: '🎉 Party',
    email: 'party@example.org',
    status: 'cancelled',
    registeredAt: '2025-03-05 12:00:00Z',
  },
  {
    name: '+plus',
    email: '@at@example.org',
    status: 'registered',
    registeredAt: '2025-03-06 12:00:00Z',
    checkIns: [{ scannedAt: '2025-04-01 23:00:00Z', device: 'door-1', reverted: true }],
  },
  {
    name: '-minus',
    email: 'minus@example.org',
    status: 'registered',
    registeredAt: '2025-03-07 12:00:00Z',
    checkIns: [
      { scannedAt: '2025-04-01 23:10:00Z', device: 'door-2' },
      { scannedAt: '2025-04-01 23:05:00Z', device: 'door-3' },
    ],
  },
  {
    name: 'Ángel',
    email: 'angel@example.org',
    status: 'registered',
    registeredAt: '2025-03-08 12:00:00Z',
    checkIns: [{ scannedAt: '2025-04-01 22:45:00Z', device: 'door-2' }],
  },
  {
    name: 'anna',
    email: 'anna@example.org',
    status: 'registered',
    registeredAt: '2025-03-09 12:00:00Z',
  },
  {
    name: 'Bob',
    email: 'bob@example.org',
    status: 'registered',
    registeredAt: '2025-03-10 12:00:00Z',
  },
  {
    name: '\tTabbed',
    email: 'tab@example.org',
    status: 'registered',
    registeredAt: '2025-03-11 12:00:00Z',
  },
];

/** Wall-clock time in the sample's zone, as the export writes it (computed by Node's ICU). */
export function wallClock(utc: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(utc));
}

export interface Expected {
  name: string;
  email: string;
  /** Every event's first type, which rows inserted without one get. */
  ticketType: string;
  ticketCode: string;
  status: string;
  registeredAt: string;
  checkedInAt: string | null;
  checkInDevice: string | null;
  waitlistPosition: number | null;
}

/** What each attendee's row should say, keyed by email. */
export function expectedRows(tickets: string[]): Map<string, Expected> {
  const rows = new Map<string, Expected>();
  let waitlisted = 0;
  sample.forEach((spec, i) => {
    const active = (spec.checkIns ?? [])
      .filter((c) => !c.reverted)
      .sort((a, b) => a.scannedAt.localeCompare(b.scannedAt))[0];
    rows.set(spec.email, {
      name: spec.name,
      email: spec.email,
      ticketType: 'General admission',
      ticketCode: tickets[i]!,
      status: spec.status,
      registeredAt: wallClock(spec.registeredAt),
      checkedInAt: active ? wallClock(active.scannedAt) : null,
      checkInDevice: active?.device ?? null,
      waitlistPosition: spec.status === 'waitlisted' ? ++waitlisted : null,
    });
  });
  return rows;
}
