import { z } from 'zod';
import type { EnrollmentCode } from '@shared/contract/devices';

// An enrollment code is the join fields as one pasteable (or QR-scannable) string. It carries a
// one-time password: the desktop replaces it on joining, and it expires on its own.
const PREFIX = 'usher-join:';

const fields = z.object({
  v: z.literal(1),
  databaseUrl: z.string().url(),
  redisUrl: z.string(),
  expiresAt: z.string(),
});

export function encodeEnrollmentCode(parts: Omit<EnrollmentCode, 'code'>): EnrollmentCode {
  const json = JSON.stringify({ v: 1, ...parts });
  return { code: PREFIX + Buffer.from(json).toString('base64url'), ...parts };
}

/** Null for anything that is not a code this version of Usher wrote. */
export function decodeEnrollmentCode(code: string): Omit<EnrollmentCode, 'code'> | null {
  const text = code.trim();
  if (!text.startsWith(PREFIX)) return null;
  try {
    const parsed = fields.safeParse(
      JSON.parse(Buffer.from(text.slice(PREFIX.length), 'base64url').toString('utf8')),
    );
    if (!parsed.success) return null;
    const { v: _version, ...parts } = parsed.data;
    return parts;
  } catch {
    return null;
  }
}
