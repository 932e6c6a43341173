// Word lists for realistic demo data: varied enough that search, filters and sorting have
// something to do, and names from many languages (exports must get them right).

export const firstNames = [
  'Ada',
  'Björn',
  'Chiara',
  'Dmitri',
  'Émilie',
  'Farah',
  'Giulia',
  'Hiroshi',
  'Ingrid',
  'Jamal',
  'Kateřina',
  'Luis',
  'Mei',
  'Nuno',
  'Olga',
  'Priya',
  'Quentin',
  'Rania',
  'Søren',
  'Tomás',
  'Uma',
  'Vikram',
  'Wiebke',
  'Xiu',
  'Yusuf',
  'Zoë',
  'Amara',
  'Bongani',
  'Cormac',
  'Dalia',
];

export const lastNames = [
  'Okafor',
  'Lindqvist',
  'Rossi',
  'Ivanova',
  'Dubois',
  'Haddad',
  'Tanaka',
  'Ødegård',
  'Mensah',
  'García',
  'Novák',
  'Chen',
  'Silva',
  'Kowalski',
  'Nguyen',
  'Sharma',
  'Moreau',
  'Abadi',
  'Larsen',
  'Fitzgerald',
  "O'Brien",
  'Müller',
  'Kim',
  'Yılmaz',
  'Zhang',
  'Costa',
  'Andersen',
  'Petrov',
];

export const eventTopics = [
  'Open Source Summit',
  'Data Engineering Meetup',
  'Product Design Night',
  'Community Hack Day',
  'Founders Breakfast',
  'Rust Workshop',
  'Accessibility Clinic',
  'Security Roundtable',
  'Jazz in the Courtyard',
  'Science Slam',
  'Book Club Evening',
  'Career Fair',
  'Charity Gala',
  'Photography Walk',
  'Climate Forum',
  'Women in Tech Panel',
  'Board Games Night',
];

export const categories = ['conference', 'meetup', 'workshop', 'social', 'culture', 'careers'];

export const venues = [
  { location: 'Kulturbrauerei, Berlin', timeZone: 'Europe/Berlin' },
  { location: 'The Barbican, London', timeZone: 'Europe/London' },
  { location: 'Palais des Congrès, Paris', timeZone: 'Europe/Paris' },
  { location: 'Moscone West, San Francisco', timeZone: 'America/Los_Angeles' },
  { location: 'Javits Center, New York', timeZone: 'America/New_York' },
  { location: 'Tokyo Big Sight', timeZone: 'Asia/Tokyo' },
  { location: 'ICC Sydney', timeZone: 'Australia/Sydney' },
  { location: 'Impact Hub, Nairobi', timeZone: 'Africa/Nairobi' },
];

/** A small deterministic generator, so a seed is reproducible from its number. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;
