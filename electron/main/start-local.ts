import { channels, type Envelope } from '@shared/contract';
import { LocalPasswordError } from '../core/launch';

/**
 * `settings.startLocal` while Usher could not start: local mode waits for the database password
 * the person chose (no keychain lasts on this computer). Main starts the core with it; the
 * password goes no further than this start, and a wrong one is said plainly next to the field.
 */
export async function startLocalWith(
  input: unknown,
  start: (password: string) => Promise<Error | null>,
): Promise<Envelope<{ started: true }>> {
  const parsed = channels['settings.startLocal'].input.safeParse(input ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Enter the password';
    return { ok: false, error: { code: 'VALIDATION', message, fields: { password: message } } };
  }
  const error = await start(parsed.data.password);
  if (!error) return { ok: true, value: { started: true } };
  if (error instanceof LocalPasswordError) {
    const { message } = error;
    return { ok: false, error: { code: 'VALIDATION', message, fields: { password: message } } };
  }
  return {
    ok: false,
    error: { code: 'UNAVAILABLE', message: `Usher could not start: ${error.message}` },
  };
}
