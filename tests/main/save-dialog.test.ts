import { beforeEach, describe, expect, it } from 'vitest';
import { dialog, resetFakeElectron } from '../support/fake-electron';

// The test plays the person choosing (or not choosing) a file in the fake save dialog.
const { showSaveDialog } = dialog;
import { channelNames, channels } from '@shared/contract';
import { chooseSavePath, writesFile } from '../../electron/main/save-dialog';

beforeEach(resetFakeElectron);

describe('save dialogs for files the core writes', () => {
  it('replaces whatever path the renderer sent with the one the person chose', async () => {
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/home/ada/Desktop/gala.xlsx' });
    const result = await chooseSavePath(
      null,
      'exports.attendees',
      { eventId: 'e1', format: 'xlsx', path: '/etc/passwd' },
      '/home/ada/Downloads',
    );
    expect(result).toEqual({
      input: { eventId: 'e1', format: 'xlsx', path: '/home/ada/Desktop/gala.xlsx' },
    });
    expect(showSaveDialog.mock.calls[0]![0]).toMatchObject({
      defaultPath: '/home/ada/Downloads/attendees.xlsx',
      filters: [{ extensions: ['xlsx'] }],
    });
  });

  it('treats a closed dialog as a cancelled export', async () => {
    showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(await chooseSavePath(null, 'exports.attendees', { format: 'csv' }, '/tmp')).toEqual({
      answer: { ok: true, value: { status: 'cancelled', rowsDone: 0 } },
    });
  });

  it('chooses where ticket PDFs go too, and a closed dialog saves nothing', async () => {
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/home/ada/tickets.pdf' });
    expect(
      await chooseSavePath(null, 'tickets.batch', { eventId: 'e1', path: '/etc/cron.d/x' }, '/d'),
    ).toEqual({ input: { eventId: 'e1', path: '/home/ada/tickets.pdf' } });
    showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(
      await chooseSavePath(null, 'tickets.pdf', { registrationId: 'r1', path: '/x' }, '/d'),
    ).toMatchObject({ answer: { ok: false, error: { code: 'CONFLICT' } } });
  });

  it('covers every channel that takes a file path', () => {
    const takesPath = channelNames.filter((name) => {
      const shape = (channels[name].input as { shape?: Record<string, unknown> }).shape;
      return shape !== undefined && 'path' in shape;
    });
    expect(takesPath.length).toBeGreaterThan(0);
    for (const name of takesPath) expect([name, writesFile(name)]).toEqual([name, true]);
  });
});
