import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export type Checked<T> = { ok: true; data: T } | { ok: false; fields: FieldErrors };

/**
 * Checks a form against the channel's own schema before sending, so the person sees the same
 * message the app would give, next to the field. Keys follow the envelope's `fields`
 * ("email", "rows.3.name").
 */
export function validate<S extends z.ZodType>(schema: S, values: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return { ok: false, fields };
}
