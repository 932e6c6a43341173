import { z } from 'zod';
import { roles } from '../domain';

// Field schemas reused by several channels, so one rule (and one message) holds everywhere.

export const id = z.uuid({ message: 'Must be a valid id' });

export const email = z
  .string()
  .trim()
  .max(254, 'Email is too long')
  .pipe(z.email({ message: 'Enter a valid email address' }));

export const personName = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(200, 'Name is at most 200 characters');

/** Staff passwords: length beats composition rules (NIST SP 800-63B). */
export const newPassword = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(256, 'Use at most 256 characters');

export const role = z.enum(roles, { message: `Role must be one of: ${roles.join(', ')}` });

export const searchText = z.string().trim().max(200, 'Search is at most 200 characters');

export const pageLimit = z.number().int().min(1).max(500).default(50);
export const pageOffset = z.number().int().min(0).max(10_000_000).default(0);

/** An IANA zone name the platform knows, e.g. "Europe/Berlin". */
export const timeZone = z
  .string()
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

/** An instant with its offset, e.g. 2026-05-01T18:00:00+02:00 or ...Z. */
export const instant = z.iso.datetime({ offset: true, message: 'Enter a date and time' });
