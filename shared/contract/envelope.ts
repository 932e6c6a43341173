// Every call across IPC (and every line the CLI prints) is one of these: callers branch on `ok`,
// nothing is thrown across the boundary.

export const errorCodes = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'FULL',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Per-field messages for VALIDATION, keyed by the input path ("email", "rows.3.name"). */
  fields?: Record<string, string>;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };
