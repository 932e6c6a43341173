import { describe, expect, it, vi } from 'vitest';
import { LocalPasswordError } from '../../electron/core/launch';
import { startLocalWith } from '../../electron/main/start-local';

describe('settings.startLocal in main (local mode, password typed at start)', () => {
  it('refuses a bad password with a field error and does not try to start', async () => {
    const start = vi.fn(async () => null);
    expect(await startLocalWith({ password: 'short' }, start)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Use at least 12 characters',
        fields: { password: 'Use at least 12 characters' },
      },
    });
    expect(await startLocalWith({ password: 'line\nbreak password' }, start)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { password: 'A password cannot contain a line break' } },
    });
    expect(await startLocalWith(null, start)).toMatchObject({ error: { code: 'VALIDATION' } });
    expect(start).not.toHaveBeenCalled();
  });

  it('starts with the typed password, and says next to the field when it is wrong', async () => {
    const start = vi.fn(async (password: string) =>
      password === 'the right password' ? null : new LocalPasswordError('wrong', 'Not it.'),
    );
    expect(await startLocalWith({ password: 'the right password' }, start)).toEqual({
      ok: true,
      value: { started: true },
    });
    expect(await startLocalWith({ password: 'the wrong password' }, start)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Not it.', fields: { password: 'Not it.' } },
    });
  });

  it('reports any other failure as unavailable, with its reason', async () => {
    const start = async () => new Error('the disk is full');
    expect(await startLocalWith({ password: 'the right password' }, start)).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'Usher could not start: the disk is full' },
    });
  });
});
