import { z } from 'zod';
import { roles } from '../domain';

// Field schemas reused by several channels, so one rule (and one message) holds everywhere.

/**
 * Every text field starts here: PostgreSQL cannot store the NUL character in text, so one in a
 * name or a search must be refused as VALIDATION before it reaches SQL (and fails a batch).
 */
export const text = () =>
  z.string().refine((value) => !value.includes('\u0000'), 'Remove the invisible NUL character');

export const id = z.uuid({ message: 'Must be a valid id' });

export const email = text()
  .trim()
  .max(254, 'Email is too long')
  .pipe(z.email({ message: 'Enter a valid email address' }));

export const personName = text()
  .trim()
  .min(1, 'Name is required')
  .max(200, 'Name is at most 200 characters');

/** Staff passwords: length beats composition rules (NIST SP 800-63B). */
export const newPassword = text()
  .min(10, 'Use at least 10 characters')
  .max(256, 'Use at most 256 characters');

export const role = z.enum(roles, { message: `Role must be one of: ${roles.join(', ')}` });

export const searchText = text().trim().max(200, 'Search is at most 200 characters');

export const pageLimit = z.number().int().min(1).max(500).default(50);
export const pageOffset = z.number().int().min(0).max(10_000_000).default(0);

/** An IANA zone name the platform knows, e.g. "Europe/Berlin". */
export const timeZone = text()
  .trim()
  .min(1, 'Choose a time zone')
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'Not a known time zone');

const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * An instant with its offset, e.g. 2026-05-01T18:00:00+02:00 or ...Z, between the years 1900 and
 * 9999: ISO allows year 0000, which PostgreSQL refuses (it was INTERNAL).
 */
export const instant = z.iso
  .datetime({ offset: true, message: 'Enter a date and time' })
  .refine((value) => {
    const at = Date.parse(value);
    return at >= EARLIEST && at <= LATEST;
  }, 'Enter a date between the years 1900 and 9999');
